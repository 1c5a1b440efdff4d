//! Seeds and sizes shared by every instruction.

/// Seed of a patient's record PDA: `[RECORD_SEED, owner]`.
pub const RECORD_SEED: &[u8] = b"patient_record";
/// Seed of the receipt every computation opens: `[RECEIPT_SEED, computation_offset (LE)]`,
/// a `Disclosure` or a `KeyRotation`. Receipts are never closed, so an offset, and the output
/// nonce derived from it, serves one computation only.
pub const RECEIPT_SEED: &[u8] = b"receipt";
/// Seed of a provider profile PDA: `[PROVIDER_SEED, wallet]`.
pub const PROVIDER_SEED: &[u8] = b"provider";
/// Seed of a grant PDA: `[GRANT_SEED, patient, provider wallet]`.
pub const GRANT_SEED: &[u8] = b"grant";
/// Seed of the one access configuration PDA.
pub const ACCESS_CONFIG_SEED: &[u8] = b"access_config";

/// Seed of a study PDA: `[STUDY_SEED, researcher, id (LE)]`.
pub const STUDY_SEED: &[u8] = b"study";
/// Seed of a study's shard PDA: `[STUDY_SHARD_SEED, study, index]`.
pub const STUDY_SHARD_SEED: &[u8] = b"study_shard";
/// Seed of a patient's membership in a study: `[MEMBERSHIP_SEED, study, patient]`.
pub const MEMBERSHIP_SEED: &[u8] = b"study_member";

/// Seed of a document PDA: `[DOCUMENT_SEED, patient, id (LE)]`.
pub const DOCUMENT_SEED: &[u8] = b"document";

/// Seed of an attestation PDA: `[ATTESTATION_SEED, attester, id (LE)]`.
pub const ATTESTATION_SEED: &[u8] = b"attestation";
/// Seed of a provider's accreditation PDA: `[ACCREDITATION_SEED, provider wallet]`.
pub const ACCREDITATION_SEED: &[u8] = b"accreditation";

/// Partial tallies per study, each taking one update at a time.
pub const STUDY_SHARDS: u8 = 4;
/// Counters of a study's tally (`docs/studies.md` lists them) and the field elements that hold
/// them, 8 counters of 24 bits to an element.
pub const STUDY_COUNTERS: usize = 44;
pub const TALLY_ELEMENTS: usize = 6;
/// The most participants a study counts: a counter has 24 bits.
pub const MAX_STUDY_PARTICIPANTS: u32 = (1 << 24) - 1;
/// Age band edges and watched medications and categories of a study.
pub const AGE_CUTOFFS: usize = 4;
pub const WATCHED_CODES: usize = 4;
/// Bits of each geometric draw of a reveal's noise.
pub const NOISE_BITS: usize = 16;
/// The privacy budget a study with noise may ask, in thousandths, inclusive. Below the least, a
/// geometric draw outgrows its 16 bits too often (the delta `docs/studies.md` gives grows);
/// above the most, e^epsilon (over 22,000) bounds nothing a patient would call private. A study
/// without noise says so with 0.
pub const MIN_EPSILON_MILLI: u32 = 10;
pub const MAX_EPSILON_MILLI: u32 = 10_000;
/// Slots a queued computation waits in Arcium's mempool before it expires unexecuted. A study
/// update or reveal still pending this long after it was queued can be closed out by anyone.
pub const MEMPOOL_LIFETIME_SLOTS: u64 = 180;
/// What a suppressed cell reads.
pub const SUPPRESSED: u32 = u32::MAX;

/// Ciphertexts of a sealed record (format 2): header, two condition elements, two medication
/// elements, binding tag. `docs/record-encoding.md` gives the layout.
pub const RECORD_CIPHERTEXTS: usize = 6;
/// Ciphertexts a disclosure or a key rotation outputs: the record without its tag.
pub const DISCLOSED_CIPHERTEXTS: usize = 5;

/// Ciphertexts of a sealed pair (a document's file key, an attestation's body): two 128-bit
/// values and a binding tag.
pub const SEALED_PAIR_CIPHERTEXTS: usize = 3;
/// Ciphertexts a sealed pair's disclosure outputs: the two values.
pub const DISCLOSED_PAIR_CIPHERTEXTS: usize = 2;

/// Ciphertexts an eligibility answer outputs: the answer and the question's tag.
pub const ANSWER_CIPHERTEXTS: usize = 2;

/// Every sealed format puts its tag at this keystream position and takes its tag's key from the
/// next, which nothing is ever encrypted at: sealed elements sit below the tag, and no circuit
/// outputs more ciphertexts than this under a recipient's key. So no ciphertext on the ledger,
/// of any format under any key and nonce, is the encryption of zero at a tag key's position.
/// Must equal `medshare_crypto::sealed::TAG_POSITION`.
pub const SEALED_TAG_POSITION: usize = 5;
const _: () = assert!(RECORD_CIPHERTEXTS == SEALED_TAG_POSITION + 1);
const _: () = assert!(SEALED_PAIR_CIPHERTEXTS <= SEALED_TAG_POSITION + 1);
const _: () = assert!(DISCLOSED_CIPHERTEXTS <= SEALED_TAG_POSITION);
const _: () = assert!(DISCLOSED_PAIR_CIPHERTEXTS <= SEALED_TAG_POSITION);
const _: () = assert!(ANSWER_CIPHERTEXTS <= SEALED_TAG_POSITION);

/// Nonces at or above this are the program's: it derives one per computation for the cluster's
/// output, so nonces a client picks for its own writes stay below it.
pub const PROGRAM_NONCES: u128 = 1 << 127;

/// The nonce the circuit's output is encrypted under for computation `offset`. Unique because
/// offsets are (see [`RECEIPT_SEED`]); never a client's, because it is at least
/// [`PROGRAM_NONCES`].
pub const fn output_nonce(offset: u64) -> u128 {
    PROGRAM_NONCES + offset as u128 + 1
}

/// The nonce the program hands the circuit with the recipient's key: Arcis encrypts its output
/// under that nonce + 1, which is [`output_nonce`].
pub const fn recipient_nonce(offset: u64) -> u128 {
    output_nonce(offset) - 1
}

/// Domain of the hash that binds a sealed record to its owner and account (`state::binding`).
pub const RECORD_BINDING_DOMAIN: &[u8] = b"medshare record binding, format 2";
/// Domain of the hash that binds a document's sealed file key to its patient and account.
pub const DOCUMENT_BINDING_DOMAIN: &[u8] = b"medshare document key binding, format 1";
/// Domain of the hash that binds an attestation's sealed body to its patient and account.
pub const ATTESTATION_BINDING_DOMAIN: &[u8] = b"medshare attestation binding, format 1";
/// Domain of the hash that names an eligibility question in its receipt.
pub const QUESTION_DOMAIN: &[u8] = b"medshare eligibility question, format 1";
/// Domain of the digest a receipt keeps of what a disclosure delivered.
pub const DELIVERY_DIGEST_DOMAIN: &[u8] = b"medshare delivery digest, format 2";

/// Compute units the node requests for a callback (BLS pairing check dominates).
pub const CALLBACK_CU_LIMIT: u32 = 400_000;

/// Offset of the `disclose_record` computation definition (derived from the circuit's name).
pub const COMP_DEF_OFFSET_DISCLOSE_RECORD: u32 = arcium_anchor::comp_def_offset("disclose_record");
/// Offset of the `reseal_record` computation definition.
pub const COMP_DEF_OFFSET_RESEAL_RECORD: u32 = arcium_anchor::comp_def_offset("reseal_record");
/// Offset of the `disclose_sealed_pair` computation definition: document keys and attestations.
pub const COMP_DEF_OFFSET_DISCLOSE_SEALED_PAIR: u32 =
    arcium_anchor::comp_def_offset("disclose_sealed_pair");
/// Offsets of the research study circuits' computation definitions.
pub const COMP_DEF_OFFSET_JOIN_STUDY: u32 = arcium_anchor::comp_def_offset("join_study");
pub const COMP_DEF_OFFSET_LEAVE_STUDY: u32 = arcium_anchor::comp_def_offset("leave_study");
pub const COMP_DEF_OFFSET_REVEAL_STUDY: u32 = arcium_anchor::comp_def_offset("reveal_study");
/// Offset of the `answer_question` computation definition: eligibility answers.
pub const COMP_DEF_OFFSET_ANSWER_QUESTION: u32 = arcium_anchor::comp_def_offset("answer_question");
