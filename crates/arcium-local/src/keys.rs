//! The secrets a real cluster holds in shares across its nodes, held here in one place.

use num_bigint::BigUint;
use sha2::{Digest, Sha512};
use solana_alt_bn128_bls::{G2CompressedPoint, PrivKey};
use solana_keypair::Keypair;
use x25519_dalek::{PublicKey, StaticSecret};

pub struct ClusterKeys {
    /// The MXE's x25519 secret: clients derive their Rescue keys against its public half.
    pub mxe_x25519: StaticSecret,
    /// The cluster's BLS key: every callback output is signed with it.
    pub bls: PrivKey,
    /// The node key that signs callback transactions (and pays their fees).
    pub node_authority: Keypair,
}

impl ClusterKeys {
    pub fn generate() -> Self {
        Self {
            mxe_x25519: StaticSecret::random_from_rng(rand::rngs::OsRng),
            bls: PrivKey::from_random(),
            node_authority: Keypair::new(),
        }
    }

    /// The keys of a cluster saved earlier (see [`crate::state::ChainState`]).
    pub fn from_secrets(
        mxe_x25519: [u8; 32],
        bls: [u8; 32],
        node_authority: &[u8],
    ) -> Option<Self> {
        Some(Self {
            mxe_x25519: StaticSecret::from(mxe_x25519),
            bls: PrivKey(bls),
            node_authority: Keypair::try_from(node_authority).ok()?,
        })
    }

    /// What `getMXEPublicKey` returns to clients.
    pub fn mxe_public_key(&self) -> [u8; 32] {
        PublicKey::from(&self.mxe_x25519).to_bytes()
    }

    /// The Rescue key (five field elements, little-endian) under which the MXE keeps
    /// `Enc<Mxe, T>` data. A real cluster generates it when the MXE is created and holds it only
    /// in shares; this one derives it from the MXE's x25519 secret, under a label of its own, so
    /// that a saved chain resumes with it and no key a client can reach (such as the one it
    /// shares with the MXE) equals it.
    pub fn mxe_rescue_key(&self) -> [[u8; 32]; 5] {
        let modulus = (BigUint::from(1u8) << 255u32) - BigUint::from(19u8);
        std::array::from_fn(|index| {
            let digest = Sha512::new()
                .chain_update(b"arcium-local MXE Rescue key")
                .chain_update([index as u8])
                .chain_update(self.mxe_x25519.to_bytes())
                .finalize();
            let mut element = (BigUint::from_bytes_le(&digest) % &modulus).to_bytes_le();
            element.resize(32, 0);
            element
                .try_into()
                .expect("an element below 2^255 fits 32 bytes")
        })
    }

    /// The compressed G2 key stored in the Cluster account for `verify_output`.
    pub fn bls_public_key(&self) -> [u8; 64] {
        G2CompressedPoint::try_from(&self.bls)
            .expect("a random BLS secret has a public key")
            .0
    }
}
