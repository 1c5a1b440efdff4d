//! Where a study's encrypted counts live: its shards, and each member's contribution.

use crate::constants::*;
use anchor_lang::prelude::*;

/// Counters encrypted for the MXE (`Enc<Mxe, Tally>`): a nonce the cluster drew, then the
/// ciphertexts. Circuits read it by reference, packed, so it sits first in its account.
#[derive(
    AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, Default, PartialEq, Eq, InitSpace,
)]
pub struct EncryptedTally {
    pub nonce: u128,
    pub ciphertexts: [[u8; 32]; TALLY_ELEMENTS],
}

/// Bytes of an [`EncryptedTally`]; it starts at byte 8 of its account.
pub const ENCRYPTED_TALLY_LEN: u32 = 16 + 32 * TALLY_ELEMENTS as u32;

/// One of a study's `STUDY_SHARDS` partial tallies. Each takes one update at a time, so that
/// no two computations read the same tally; more shards let more patients join at once.
#[account(discriminator = b"mdshrd01")]
#[derive(InitSpace, Debug)]
pub struct StudyShard {
    /// First, at byte 8: read by reference. Zeros until the first update is delivered.
    pub tally: EncryptedTally,
    pub study: Pubkey,
    pub index: u8,
    /// Whether `tally` holds a ciphertext yet; the circuits start from zero counts until then.
    pub written: bool,
    /// Contributions counted in this shard.
    pub contributions: u32,
    /// The computation updating the tally, if one is in flight.
    pub pending: Option<u64>,
    /// The slot it was queued at: once it outlives the mempool, anyone may close it out.
    pub pending_since: u64,
    pub bump: u8,
}

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq, InitSpace)]
pub enum MembershipStatus {
    /// The join is with the cluster.
    Joining { computation_offset: u64 },
    /// The contribution is counted.
    Counted,
    /// The leave is with the cluster.
    Leaving { computation_offset: u64 },
    /// The contribution was taken back out; the patient cannot join this study again.
    Left,
    /// The join was aborted or dropped: nothing is counted, and the patient may join again.
    NotCounted,
    /// The record was not bound to its owner: nothing is counted, and this patient cannot
    /// join this study again (else refused joins could keep its shards busy without end).
    NotBound,
}

/// A patient's place in one study: `[MEMBERSHIP_SEED, study, patient]`, so a record counts at
/// most once per study.
#[account(discriminator = b"mdmemb01")]
#[derive(InitSpace, Debug)]
pub struct StudyMembership {
    /// First, at byte 8: the shard's tally just before the join, copied when it was queued,
    /// then the tally the join wrote. Their difference is the contribution, which a leave takes
    /// back out (both are read by reference); the callback need not carry it.
    pub before: EncryptedTally,
    pub after: EncryptedTally,
    pub study: Pubkey,
    pub patient: Pubkey,
    pub shard: u8,
    /// Whether the shard held a tally before the join (else `before` is zeros, not a ciphertext).
    pub before_written: bool,
    pub status: MembershipStatus,
    /// The protocol the patient consented to.
    pub protocol_hash: [u8; 32],
    pub joined_at: i64,
    pub left_at: i64,
    pub bump: u8,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tally_is_the_bytes_the_circuits_read() {
        let tally = EncryptedTally {
            nonce: 7,
            ciphertexts: [[9; 32]; TALLY_ELEMENTS],
        };
        let bytes = anchor_lang::prelude::borsh::to_vec(&tally).unwrap();
        assert_eq!(bytes.len(), ENCRYPTED_TALLY_LEN as usize);
        assert_eq!(&bytes[..16], &7u128.to_le_bytes());
        assert!(bytes[16..].iter().all(|byte| *byte == 9));
    }
}
