//! `./scripts/load`: a bounded load run against `medshare localnet` over JSON-RPC. Several
//! providers, each a client of its own, queue shares of one patient's record concurrently; a
//! watcher notes when each receipt turns `Delivered` (the callback transaction that emits the
//! `RecordDisclosed` event). It prints throughput and queue-to-delivery latency, and fails unless
//! every share is delivered exactly once.
//!
//! Usage: cargo bench -p medshare-bench --bench load -- <rpc url> [shares] [clients]
//! A request that meets a stopped node is retried with the same computation offset, after
//! checking whether it landed, so a restart mid-run neither loses nor duplicates shares.

mod stats;

use anchor_lang::AccountDeserialize;
use medshare_sdk::{
    addresses,
    client::{Client, ClientError},
    clinic::Clinic,
    connection::{Error as ConnectionError, RpcConnection},
    instructions,
    record::FieldSet,
};
use share_medical_records::state::{Disclosure, DisclosureStatus};
use solana_keypair::Keypair;
use solana_program::pubkey::Pubkey;
use solana_rpc_client::nonblocking::rpc_client::RpcClient;
use solana_signer::Signer;
use stats::percentile;
use std::{
    cell::RefCell,
    collections::BTreeMap,
    time::{Duration, Instant},
};

/// How long the run may take before the shares still queued count as lost: a floor of one share
/// a second, after the allowance for set-up and a restart.
fn deadline(shares: usize) -> Duration {
    Duration::from_secs(300 + shares as u64)
}
const POLL: Duration = Duration::from_millis(250);
/// `getMultipleAccounts` takes at most 100 addresses.
const BATCH: usize = 100;

#[tokio::main(flavor = "current_thread")]
async fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|arg| arg != "--bench")
        .collect();
    let url = args
        .first()
        .cloned()
        .unwrap_or_else(|| "http://127.0.0.1:8899".into());
    let shares: usize = args.get(1).map_or(Ok(1_000), |n| n.parse())?;
    let clients: usize = args.get(2).map_or(Ok(8), |n| n.parse())?;
    anyhow::ensure!(
        clients > 0 && shares.is_multiple_of(clients),
        "shares must divide among the clients"
    );

    let (patient, providers) = setup(&url, clients).await?;
    let alone = one_share_alone(&url, &providers[0], &patient.pubkey()).await?;
    println!("load: {shares} shares from {clients} concurrent clients against {url}");
    let queued = RefCell::new(BTreeMap::<u64, Instant>::new());
    let started = Instant::now();
    let senders = providers.iter().map(|provider| {
        let (queued, url) = (&queued, &url);
        let patient = patient.pubkey();
        async move {
            let mut client = Client::new(RpcConnection::new(url));
            for _ in 0..shares / clients {
                let offset = queue(&mut client, provider, &patient).await?;
                let mut queued = queued.borrow_mut();
                queued.insert(offset, Instant::now());
                if queued.len() % 100 == 0 {
                    eprintln!("queued {}/{shares}", queued.len());
                }
            }
            anyhow::Ok(())
        }
    });
    // A sender that fails ends the run at once rather than leaving the watcher to its deadline.
    let (_, delivered) = tokio::try_join!(
        futures::future::try_join_all(senders),
        watch(&url, &queued, shares, started)
    )?;

    let elapsed = started.elapsed();
    let queued = queued.into_inner();
    let mut latencies: Vec<Duration> = (delivered.iter())
        .map(|(offset, at)| at.saturating_duration_since(queued[offset]))
        .collect();
    latencies.sort();
    let receipts = receipts_of(&url, &patient.pubkey()).await?;
    let lost = shares - delivered.len();
    // The baseline share has its receipt too.
    let expected_receipts = shares + 1;
    let throughput = delivered.len() as f64 / elapsed.as_secs_f64();
    let times_alone = |latency: Duration| latency.as_secs_f64() / alone.as_secs_f64();
    println!(
        "baseline           one share alone, queue to delivery: {} ms",
        alone.as_millis()
    );
    println!("shares queued      {}", queued.len());
    println!("shares delivered   {}", delivered.len());
    println!("lost               {lost}");
    println!(
        "receipts on chain  {receipts} (one per share and the baseline's: {})",
        receipts == expected_receipts
    );
    println!("elapsed            {:.1} s", elapsed.as_secs_f64());
    println!(
        "throughput         {throughput:.2} shares/s ({:.1}x one share at a time)",
        throughput * alone.as_secs_f64()
    );
    if !latencies.is_empty() {
        for (label, latency) in [
            ("p50", percentile(&latencies, 50)),
            ("p95", percentile(&latencies, 95)),
            ("max", *latencies.last().unwrap()),
        ] {
            println!(
                "latency {label}        {} ms ({:.1}x one share alone)",
                latency.as_millis(),
                times_alone(latency)
            );
        }
    }
    anyhow::ensure!(
        lost == 0 && receipts == expected_receipts,
        "shares were lost or duplicated"
    );
    Ok(())
}

/// A patient with a record and `clients` registered providers, each granted the record.
async fn setup(url: &str, clients: usize) -> anyhow::Result<(Keypair, Vec<Keypair>)> {
    let mut clinic = Clinic::open(RpcConnection::new(url)).await?;
    let mut providers = Vec::with_capacity(clients);
    for index in 0..clients {
        let day = Duration::from_secs(86_400);
        let provider = (clinic.provider(&format!("Clinic {index}"), FieldSet::ALL, day)).await?;
        providers.push(provider.wallet);
    }
    Ok((clinic.patient.wallet, providers))
}

/// The baseline: how long one share takes from queue to delivery on the idle localnet.
async fn one_share_alone(
    url: &str,
    provider: &Keypair,
    patient: &Pubkey,
) -> anyhow::Result<Duration> {
    let mut client = Client::new(RpcConnection::new(url));
    let offset = queue(&mut client, provider, patient).await?;
    let queued_at = Instant::now();
    let queued = RefCell::new(BTreeMap::from([(offset, queued_at)]));
    let delivered = watch(url, &queued, 1, queued_at).await?;
    let delivered_at = delivered
        .get(&offset)
        .ok_or_else(|| anyhow::anyhow!("the baseline share was not delivered"))?;
    Ok(delivered_at.duration_since(queued_at))
}

/// Queues one share, retrying through an outage. The offset stays the same across attempts, and
/// before each retry the receipt is looked up, so that a request which landed before its
/// confirmation was lost is not sent twice.
async fn queue(
    client: &mut Client<RpcConnection>,
    provider: &Keypair,
    patient: &Pubkey,
) -> anyhow::Result<u64> {
    let offset: u64 = rand::random();
    let request = instructions::request_record(&provider.pubkey(), patient, offset);
    let mut interrupted = false;
    loop {
        if interrupted {
            tokio::time::sleep(Duration::from_millis(500)).await;
            match client.fetch::<Disclosure>(addresses::receipt(offset)).await {
                Ok(Some(_)) => return Ok(offset),
                Ok(None) => {}
                // Still down.
                Err(_) => continue,
            }
        }
        match client.send(request.clone(), provider).await {
            Ok(_) => return Ok(offset),
            Err(ClientError::Chain(ConnectionError::Unreachable(_))) => interrupted = true,
            Err(error) => return Err(error.into()),
        }
    }
}

/// Polls the receipts of queued shares until `shares` are delivered or the deadline passes;
/// returns when each was first seen delivered.
async fn watch(
    url: &str,
    queued: &RefCell<BTreeMap<u64, Instant>>,
    shares: usize,
    started: Instant,
) -> anyhow::Result<BTreeMap<u64, Instant>> {
    let rpc = RpcClient::new(url.to_string());
    let mut delivered = BTreeMap::new();
    while delivered.len() < shares && started.elapsed() < deadline(shares) {
        tokio::time::sleep(POLL).await;
        let pending: Vec<u64> = (queued.borrow().keys())
            .filter(|offset| !delivered.contains_key(*offset))
            .copied()
            .collect();
        for batch in pending.chunks(BATCH) {
            let addresses: Vec<Pubkey> = batch.iter().map(|o| addresses::receipt(*o)).collect();
            // The node may be down for a restart: look again on the next round.
            let Ok(accounts) = rpc.get_multiple_accounts(&addresses).await else {
                break;
            };
            for (offset, account) in batch.iter().zip(accounts) {
                let Some(account) = account else { continue };
                let receipt = Disclosure::try_deserialize(&mut account.data.as_slice())?;
                match receipt.status {
                    DisclosureStatus::Queued => {}
                    DisclosureStatus::Delivered => {
                        delivered.insert(*offset, Instant::now());
                        if delivered.len() % 100 == 0 {
                            eprintln!("delivered {}/{shares}", delivered.len());
                        }
                    }
                    other => anyhow::bail!("share {offset} ended {other:?}"),
                }
            }
        }
    }
    Ok(delivered)
}

/// Disclosure receipts of `patient` on chain.
async fn receipts_of(url: &str, patient: &Pubkey) -> anyhow::Result<usize> {
    let mut client = Client::new(RpcConnection::new(url));
    let receipts = client
        .disclosures(medshare_sdk::client::Party::Patient(*patient))
        .await?;
    Ok(receipts.len())
}
