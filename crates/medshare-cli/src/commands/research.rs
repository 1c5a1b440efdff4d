//! `medshare research`: studies over many patients' records, computed by the cluster and
//! revealed only as thresholded counts (`docs/studies.md`).

use super::{parse_ages, parse_date, parse_duration, parse_pubkey, parse_sex, Progress};
use crate::{display::timestamp, identity, Cli};
use anyhow::Context;
use clap::{Args, Subcommand};
use medshare_sdk::{
    client::Client,
    connection::Connection,
    record::{Icd10Code, Sex},
    study::{privacy, AgeBands, Cell, Icd10Prefix, StudyQuestion, StudyResults, CELLS},
};
use share_medical_records::{
    constants::{AGE_CUTOFFS, STUDY_SHARDS},
    state::{structural_zeros, Study, StudyStatus},
    StudyTerms,
};
use solana_program::{hash::hash, pubkey::Pubkey};
use solana_signer::Signer;
use std::{path::PathBuf, time::Duration};
use time::{Date, OffsetDateTime};

#[derive(Subcommand)]
pub enum ResearchCommand {
    /// Register, approve, close, reveal and read studies.
    #[command(subcommand)]
    Study(StudyCommand),
}

#[derive(Subcommand)]
pub enum StudyCommand {
    /// Register a study (you are its researcher). It waits for the access configuration's
    /// authority to approve it; its criteria and protocol can never change.
    ///
    /// Example: medshare research study create --protocol protocol.pdf --diagnosis E11 --ages 40-79 --k 5 --epsilon 1
    Create(CreateArgs),
    /// Approve a proposed study, as the access configuration's authority (an ethics board).
    ///
    /// Example: medshare research study approve 9Qm...x1
    Approve {
        #[arg(value_parser = parse_pubkey)]
        study: Pubkey,
    },
    /// End enrolment early (you are its researcher); members may still leave until the reveal.
    ///
    /// Example: medshare research study close 9Qm...x1
    Close {
        #[arg(value_parser = parse_pubkey)]
        study: Pubkey,
    },
    /// Have the cluster reveal the study's counts, once: cells below k are suppressed.
    ///
    /// Example: medshare research study reveal 9Qm...x1
    Reveal {
        #[arg(value_parser = parse_pubkey)]
        study: Pubkey,
        /// Seconds to wait for the cluster.
        #[arg(long, default_value_t = 120)]
        timeout: u64,
    },
    /// Show a study: its question, terms, participants and, once revealed, its results.
    ///
    /// Example: medshare research study show 9Qm...x1
    Show {
        #[arg(value_parser = parse_pubkey)]
        study: Pubkey,
    },
    /// List every study on the chain.
    ///
    /// Example: medshare research study list
    List,
}

#[derive(Args)]
pub struct CreateArgs {
    /// The approved protocol document: its SHA-256 is what patients consent to.
    #[arg(long)]
    protocol: PathBuf,
    /// The first characters of the ICD-10 code a record must hold (E, E11, E11.6...); none
    /// for every record.
    #[arg(long, default_value = "")]
    diagnosis: String,
    /// Sexes that match, comma-separated (female, male, other, unknown); none for all.
    #[arg(long, value_delimiter = ',', value_parser = parse_sex)]
    sex: Vec<Sex>,
    /// Ages that match at the reference date, inclusive, such as 40-79; without it every
    /// record matches, with or without a birth date.
    #[arg(long, value_parser = parse_ages)]
    ages: Option<(u32, u32)>,
    /// The date ages are counted at (default: today, UTC).
    #[arg(long, value_parser = parse_date)]
    reference_date: Option<Date>,
    /// Ages where the counted age bands begin, four of them, ascending.
    #[arg(long, value_delimiter = ',', default_value = "18,40,65,80")]
    age_bands: Vec<u32>,
    /// RxNorm concepts to count among the matched, comma-separated (at most 4).
    #[arg(long, value_delimiter = ',')]
    medications: Vec<u32>,
    /// ICD-10 categories (3 characters) to count among the matched, comma-separated (at most 4).
    #[arg(long, value_delimiter = ',')]
    categories: Vec<String>,
    /// Cells below k are never published.
    #[arg(long, default_value_t = 5)]
    k: u32,
    /// Add discrete Laplace noise so that the whole reveal is (epsilon, delta)-differentially
    /// private, epsilon from 0.01 to 10 (smaller: more private, noisier). This or --no-noise.
    #[arg(long, value_parser = parse_epsilon, required_unless_present = "no_noise")]
    epsilon: Option<u32>,
    /// Publish exact counts, only thresholded at k: no bound on what one record reveals.
    #[arg(long, conflicts_with = "epsilon")]
    no_noise: bool,
    /// The reveal is refused with fewer participants (default: k).
    #[arg(long)]
    min_participants: Option<u32>,
    /// How long patients may join, from now.
    #[arg(long, value_parser = parse_duration, default_value = "30d")]
    enrol_for: Duration,
    /// The study's number among yours (default: the next free one).
    #[arg(long)]
    id: Option<u64>,
}

/// An epsilon in the thousandths the program stores.
fn parse_epsilon(text: &str) -> Result<u32, String> {
    let epsilon: f64 = text
        .parse()
        .map_err(|_| format!("{text:?} is not a number"))?;
    privacy::epsilon_milli(epsilon).map_err(|error| format!("{error} (--no-noise)"))
}

pub async fn run<C: Connection>(
    command: &ResearchCommand,
    cli: &Cli,
    client: &mut Client<C>,
) -> anyhow::Result<()> {
    let ResearchCommand::Study(command) = command;
    let wallet = identity::wallet(&cli.keypair)?;
    match command {
        StudyCommand::Create(args) => {
            let (id, criteria, terms) = study_request(args, client, &wallet.pubkey()).await?;
            let study = client
                .register_study(&wallet, id, criteria, terms)
                .await
                .context("registering the study")?;
            println!("study {study} registered; it waits for approval");
            print!("{}", describe(&study, &client.study(&study).await?));
        }
        StudyCommand::Approve { study } => {
            client
                .approve_study(&wallet, study)
                .await
                .context("approving the study")?;
            println!("study {study} approved: patients may join until its enrolment ends");
        }
        StudyCommand::Close { study } => {
            client
                .close_study(&wallet, study)
                .await
                .context("closing the study")?;
            println!("study {study} closed to joins; members may leave until the reveal");
        }
        StudyCommand::Reveal { study, timeout } => {
            let mut progress = Progress::new("the cluster is revealing");
            let revealed = client
                .reveal_study(&wallet, study, Duration::from_secs(*timeout), |waited| {
                    progress.report(waited)
                })
                .await;
            drop(progress);
            let revealed = revealed.context("revealing the study")?;
            print!("{}", describe(study, &revealed));
        }
        StudyCommand::Show { study } => {
            print!("{}", describe(study, &client.study(study).await?));
        }
        StudyCommand::List => {
            let studies = client.studies(None).await?;
            if studies.is_empty() {
                println!("no studies");
            }
            for (address, study) in studies {
                println!(
                    "{address}  {:<10} {:>6} participants  k {}  researcher {}",
                    status(&study.status),
                    study.participants,
                    study.k,
                    study.researcher
                );
            }
        }
    }
    Ok(())
}

/// The id, criteria and terms `args` ask for.
async fn study_request<C: Connection>(
    args: &CreateArgs,
    client: &mut Client<C>,
    researcher: &Pubkey,
) -> anyhow::Result<(u64, share_medical_records::state::StudyCriteria, StudyTerms)> {
    let protocol = std::fs::read(&args.protocol)
        .with_context(|| format!("reading the protocol {}", args.protocol.display()))?;
    let bands: [u32; AGE_CUTOFFS] = args.age_bands.clone().try_into().map_err(|_| {
        anyhow::anyhow!("--age-bands takes {AGE_CUTOFFS} ages, such as 18,40,65,80")
    })?;
    let categories = (args.categories.iter())
        .map(|code| Icd10Code::parse(code))
        .collect::<Result<Vec<_>, _>>()?;
    let now = client.now().await?;
    let today = OffsetDateTime::from_unix_timestamp(now)?.date();
    let question = StudyQuestion {
        diagnosis: Icd10Prefix::parse(&args.diagnosis)?,
        sexes: args.sex.clone(),
        ages: args.ages,
        reference_date: args.reference_date.unwrap_or(today),
        age_bands: AgeBands(bands),
        medications: args.medications.clone(),
        categories,
    };
    let criteria = question.criteria()?;
    let terms = StudyTerms {
        protocol_hash: hash(&protocol).to_bytes(),
        k: args.k,
        epsilon_milli: args.epsilon.unwrap_or(0),
        min_participants: args.min_participants.unwrap_or(args.k),
        enrol_from: now,
        enrol_until: now.saturating_add(args.enrol_for.as_secs() as i64),
    };
    let id = match args.id {
        Some(id) => id,
        None => client
            .studies(Some(*researcher))
            .await?
            .iter()
            .map(|(_, s)| s.id + 1)
            .max()
            .unwrap_or(1),
    };
    Ok((id, criteria, terms))
}

pub fn status(status: &StudyStatus) -> &'static str {
    match status {
        StudyStatus::Proposed => "proposed",
        StudyStatus::Approved => "enrolling",
        StudyStatus::Closed => "closed",
        StudyStatus::Revealing { .. } => "revealing",
        StudyStatus::Revealed => "revealed",
        StudyStatus::Disputed => "disputed",
    }
}

/// A study as `study show` prints it.
pub fn describe(address: &Pubkey, study: &Study) -> String {
    let criteria = &study.criteria;
    let mut text = format!("study           {address}\n");
    text += &format!("status          {}\n", status(&study.status));
    text += &format!("researcher      {}\n", study.researcher);
    text += &format!("protocol        {}\n", hex::encode(study.protocol_hash));
    let diagnosis = match Icd10Prefix::of(criteria.prefix, criteria.modulus) {
        Some(prefix) if prefix.length > 0 => format!("a code beginning {prefix}"),
        _ => "any".to_string(),
    };
    text += &format!("diagnosis       {diagnosis}\n");
    let born = match (criteria.born_from, criteria.born_until) {
        (0, u16::MAX) => "any birth date, or none".to_string(),
        (from, until) => format!("born {} to {}", day(from), day(until)),
    };
    text += &format!("ages            {born}\n");
    text += &format!(
        "k               {} (at least {} participants to reveal)\n",
        study.k, study.min_participants
    );
    text += &format!(
        "noise           {}\n",
        match privacy::guarantee(study) {
            None => "none: exact counts, thresholded at k".to_string(),
            Some(guarantee) => format!(
                "discrete Laplace, epsilon {} and delta {:.1e} for the whole reveal",
                guarantee.epsilon, guarantee.delta
            ),
        }
    );
    text += &format!(
        "enrolment       {} to {}\n",
        timestamp(study.enrol_from),
        timestamp(study.enrol_until)
    );
    text += &format!(
        "participants    {} (in {} shards)\n",
        study.participants, STUDY_SHARDS
    );
    if matches!(study.status, StudyStatus::Revealed | StudyStatus::Disputed) {
        text += &format!("revealed        {}\n", timestamp(study.revealed_at));
        if study.status == StudyStatus::Disputed {
            text += "WARNING         the revealed participant count differs from the chain's: do not trust these results\n";
        }
        text += &results(study, true);
        text += &format!("  (withheld: {WITHHELD_BECAUSE})\n");
    }
    text
}

/// Why a reveal withholds a cell (`docs/studies.md`).
const WITHHELD_BECAUSE: &str =
    "below k, matched less it below k, or in a sex or age breakdown with a cell below k";

/// The revealed cells, one per line, then the withheld ones: each of those all on its line
/// when `every_cell`, else only how many. Cells the criteria rule out are left out.
pub fn results(study: &Study, every_cell: bool) -> String {
    let results = StudyResults::from_cells(&study.results);
    let ruled_out = structural_zeros(&study.criteria);
    let mut text = String::new();
    let mut withheld = Vec::new();
    for (index, (cell, value)) in CELLS.iter().zip(results.0).enumerate() {
        let Some(label) = cell.label(&study.criteria) else {
            continue;
        };
        if ruled_out >> index & 1 == 1 {
            continue;
        }
        let indent = if matches!(cell, Cell::Participants | Cell::Matched) {
            ""
        } else {
            "  "
        };
        match value {
            Some(count) => text += &format!("  {indent}{label:<44} {count}\n"),
            None if every_cell => text += &format!("  {indent}{label:<44} withheld\n"),
            None => withheld.push(label),
        }
    }
    if !withheld.is_empty() {
        text += &format!(
            "  {} more cells withheld: {WITHHELD_BECAUSE}\n",
            withheld.len()
        );
    }
    text
}

fn day(days: u16) -> String {
    medshare_sdk::record::decode_date(days).map_or("unknown".into(), |date| date.to_string())
}
