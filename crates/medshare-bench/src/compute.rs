//! Compute units: an ESTIMATE per instruction from a cost model, because native runs do not
//! meter them. Prices are Agave 3.1's (`solana-program-runtime` `execution_budget.rs`,
//! `agave-syscalls`); what each instruction does is counted from its account constraints; a
//! devnet run (`getTransaction` meta `computeUnitsConsumed`) is what will confirm or correct it.

use crate::{
    footprint::Sent,
    table::{thousands, Table},
};

/// `create_program_address` syscall.
const CREATE_PROGRAM_ADDRESS: u64 = 1_500;
/// `find_program_address` tries bumps from 255 down; about half the candidates lie on the
/// curve, so two tries are expected.
const FIND_PROGRAM_ADDRESS: u64 = 2 * CREATE_PROGRAM_ADDRESS;
/// A CPI's invocation cost, plus the System program's own 150 units when it creates an account.
const INVOKE: u64 = 1_000;
const SYSTEM_CREATE: u64 = 150;
/// `sol_log_data`: a syscall base of 100 plus one unit per byte logged.
const LOG_DATA_BASE: u64 = 100;
/// `sol_sha256`: a base of 85 plus one unit per byte hashed.
const SHA256_BASE: u64 = 85;
/// What the program hashes: a record's binding when it queues a computation (domain, owner,
/// record address), and a delivery's digest in the disclosure callback (domain, offset,
/// recipient key, nonce, five ciphertexts).
const BINDING_BYTES: u64 = 33 + 32 + 32;
const DIGEST_BYTES: u64 = 34 + 8 + 32 + 16 + 5 * 32;
/// ASSUMED: Anchor's dispatch, discriminator and owner checks and Borsh (de)serialization,
/// as a base plus a share per account. The least certain term of the model.
const FRAMEWORK_BASE: u64 = 2_000;
const FRAMEWORK_PER_ACCOUNT: u64 = 600;

/// `verify_output`: BLS signature check on the BN254 curve.
/// - pairing of 2 pairs over 384 bytes: 36,364 + 12,121 + SHA-256 base 85 + 384 + 32 output;
const PAIRING: u64 = 36_364 + 12_121 + 85 + 384 + 32;
/// - decompressing the cluster's G2 key;
const G2_DECOMPRESS: u64 = 13_610;
/// - hash to G1 by try-and-increment: each try is a SHA-256 of the ~200-byte message
///   (85 + 100), a reduction modulo the base field in SBF (ASSUMED 2,000) and a G1
///   decompression (398); a try succeeds with probability 0.945 (below 5p) x 0.5 (on the curve),
///   so 2.12 tries are expected.
const HASH_TO_CURVE: u64 = (2.12 * (85.0 + 100.0 + 2_000.0 + 398.0)) as u64;
pub const VERIFY_OUTPUT: u64 = PAIRING + G2_DECOMPRESS + HASH_TO_CURVE;

/// What an instruction does that costs units, counted from its account constraints.
struct Work {
    /// Instruction name as in the footprint table.
    name: &'static str,
    /// Seeds checked with a stored bump.
    created: u64,
    /// Seeds checked by search: `init` accounts, and Arcium's `derive_*_pda!` addresses.
    found: u64,
    /// Accounts created through the System program.
    creates: u64,
    /// Other CPIs (Arcium's `queue_computation`); the callee's own work is not counted.
    other_cpis: u64,
    /// Bytes hashed with SHA-256.
    hashed: u64,
    verifies_output: bool,
}

/// Queueing a computation checks 8 Arcium addresses by search (sign PDA twice, MXE, mempool,
/// executing pool, computation, definition, cluster) and invokes Arcium once.
const QUEUE_FOUND: u64 = 8;
/// A callback checks the definition, MXE and cluster addresses and recomputes the
/// computation address, all by search.
const SETTLE_FOUND: u64 = 4;

const WORK: [Work; 14] = [
    work("initialize_access_config", 0, 2, 1, 0, 0, false),
    work("store_record", 0, 1, 1, 0, 0, false),
    work("update_record", 1, 0, 0, 0, 0, false),
    work("register_provider", 0, 1, 1, 0, 0, false),
    work("rotate_provider_key", 1, 0, 0, 0, 0, false),
    work("grant_access", 1, 1, 1, 0, 0, false),
    work("narrow_grant", 1, 0, 0, 0, 0, false),
    work("revoke_grant", 1, 0, 0, 0, 0, false),
    work(
        "disclose_record (grant)",
        1,
        1 + QUEUE_FOUND,
        1,
        1,
        BINDING_BYTES,
        false,
    ),
    work(
        "disclose_record (patient to a key)",
        1,
        1 + QUEUE_FOUND,
        1,
        1,
        BINDING_BYTES,
        false,
    ),
    work(
        "disclose_record (emergency)",
        2,
        1 + QUEUE_FOUND,
        1,
        1,
        BINDING_BYTES,
        false,
    ),
    work(
        "disclosure callback",
        0,
        SETTLE_FOUND,
        0,
        0,
        DIGEST_BYTES,
        true,
    ),
    work(
        "rotate_record_key",
        1,
        1 + QUEUE_FOUND,
        1,
        1,
        BINDING_BYTES,
        false,
    ),
    work("key rotation callback", 2, SETTLE_FOUND, 0, 0, 0, true),
];

const fn work(
    name: &'static str,
    created: u64,
    found: u64,
    creates: u64,
    other_cpis: u64,
    hashed: u64,
    verifies_output: bool,
) -> Work {
    Work {
        name,
        created,
        found,
        creates,
        other_cpis,
        hashed,
        verifies_output,
    }
}

/// `callback_cu_limit` the program asks Arcium to give each callback.
const CALLBACK_LIMIT: u64 = share_medical_records::constants::CALLBACK_CU_LIMIT as u64;

pub fn estimate(sent: &[Sent]) -> Table {
    let mut table = Table::new(
        "Compute units (ESTIMATE from a cost model, not a measurement)",
        &[
            "instruction",
            "PDA checks",
            "CPIs",
            "events (bytes)",
            "SHA-256",
            "BLS verify",
            "framework (assumed)",
            "estimate",
        ],
    );
    for work in &WORK {
        let Some(measured) = sent.iter().find(|sent| sent.name == work.name) else {
            continue;
        };
        let pdas = work.created * CREATE_PROGRAM_ADDRESS + work.found * FIND_PROGRAM_ADDRESS;
        let cpis = work.creates * (INVOKE + SYSTEM_CREATE) + work.other_cpis * INVOKE;
        let events = LOG_DATA_BASE + measured.event_bytes as u64;
        let hashing = if work.hashed > 0 {
            SHA256_BASE + work.hashed
        } else {
            0
        };
        let verify = if work.verifies_output {
            VERIFY_OUTPUT
        } else {
            0
        };
        let framework = FRAMEWORK_BASE + FRAMEWORK_PER_ACCOUNT * measured.accounts as u64;
        let total = pdas + cpis + events + hashing + verify + framework;
        table.row(vec![
            work.name.into(),
            thousands(pdas),
            thousands(cpis),
            format!("{} ({})", thousands(events), measured.event_bytes),
            thousands(hashing),
            thousands(verify),
            thousands(framework),
            format!("~{}", thousands(total)),
        ]);
    }
    table.note(format!(
        "Prices from Agave 3.1: create_program_address 1,500; find_program_address counted as 2 tries; CPI 1,000 (+150 for the System program); sol_log_data 100 + bytes (measured per transaction on the embedded chain, Arcium's events included); sol_sha256 85 + bytes (the record binding, {BINDING_BYTES} B, when a computation is queued; the delivery digest, {DIGEST_BYTES} B, in the disclosure callback); verify_output {} = pairing {PAIRING} + G2 decompression {G2_DECOMPRESS} + hash to curve {HASH_TO_CURVE}.",
        thousands(VERIFY_OUTPUT)
    ));
    table.note(format!(
        "Assumed, not priced by the runtime: Anchor's framework work ({FRAMEWORK_BASE} + {FRAMEWORK_PER_ACCOUNT} per account), the SBF big-integer reduction in hash-to-curve (2,000 per try), and the Arcium program's own work inside queue_computation and callback_computation (not counted). Callbacks run under the {} units the program requests per callback.",
        thousands(CALLBACK_LIMIT)
    ));
    table
}
