//! The compiled circuits as the chain registered them, run outside the chain on arguments the
//! program builds: how the circuit tests hold each circuit to its plain model.

use arcium_client::idl::arcium::{
    accounts::ComputationDefinitionAccount,
    types::{ArgumentList, CircuitSource},
};
use arcium_local::{
    arguments::resolve_arguments, circuits::CircuitStore, evaluate::evaluate, keys::ClusterKeys,
};
use medshare_sdk::{addresses, embedded::circuits_root, instructions::SealedRecord};
use share_medical_records::state::PatientRecord;
use solana_program::pubkey::Pubkey;
use std::collections::HashMap;

/// `sealed` as `owner`'s stored record, version 1, as the circuits read it from its account.
pub fn stored(owner: Pubkey, sealed: &SealedRecord) -> PatientRecord {
    PatientRecord {
        owner,
        encryption_key: sealed.encryption_key,
        nonce: sealed.nonce,
        ciphertexts: sealed.ciphertexts,
        client_nonce: sealed.nonce,
        version: 1,
        updated_at: 0,
        grants: 0,
        pending_rotation: None,
        bump: 0,
    }
}

/// Registered circuits, and a cluster's keys to run them with.
pub struct Circuits {
    pub keys: ClusterKeys,
    store: CircuitStore,
    definitions: HashMap<&'static str, ComputationDefinitionAccount>,
}

impl Circuits {
    /// `circuits` as a new embedded chain registers them.
    pub async fn registered(circuits: &[&'static str]) -> Self {
        let mut chain = medshare_sdk::embedded::start().await.expect("chain");
        let mut definitions = HashMap::new();
        for circuit in circuits {
            let definition = chain
                .anchor_account::<ComputationDefinitionAccount>(addresses::comp_def(circuit))
                .await
                .expect("registered");
            definitions.insert(*circuit, definition);
        }
        Self {
            keys: ClusterKeys::generate(),
            store: CircuitStore::new(circuits_root()),
            definitions,
        }
    }

    /// Runs `circuit` on `args`, reading by reference from `accounts`.
    pub fn run(
        &self,
        circuit: &str,
        args: &ArgumentList,
        accounts: &HashMap<Pubkey, Vec<u8>>,
    ) -> Vec<u8> {
        let definition = &self.definitions[circuit];
        let CircuitSource::OffChain(source) = &definition.circuit_source else {
            panic!("served off-chain")
        };
        let compiled = self
            .store
            .load(&source.source, &source.hash)
            .expect("compiled");
        let signature = &definition.definition.signature;
        let values = resolve_arguments(args, &signature.parameters, |address| {
            accounts.get(address).map(Vec::as_slice)
        })
        .expect("arguments fit");
        evaluate(&compiled, &values, &signature.outputs, &self.keys).expect("evaluates")
    }
}
