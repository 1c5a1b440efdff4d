//! The MXE node: runs a queued computation's circuit, signs the result with the cluster's BLS key
//! and builds the callback transaction `[callback_computation, callback, lighthouse, lighthouse]`.

use crate::{
    arguments::resolve_arguments, circuits::CircuitStore, evaluate::evaluate, genesis::NODE_OFFSET,
    keys::ClusterKeys, lighthouse,
};
use anchor_lang::{InstructionData, ToAccountMetas};
use arcium_client::{
    idl::arcium::{
        accounts::{ComputationAccount, ComputationDefinitionAccount},
        client::{accounts, args},
        types::{AbortReason, CircuitSource, ExecutionFailure, ExecutionStatus},
    },
    pda, ARCIUM_PROGRAM_ID,
};
use solana_alt_bn128_bls::Sha256Normalized;
use solana_message::{v0, AddressLookupTableAccount, VersionedMessage};
use solana_program::hash::Hash;
use solana_program::{
    instruction::{AccountMeta, Instruction},
    pubkey::Pubkey,
    sysvar,
};
use solana_signer::Signer;
use solana_transaction::versioned::VersionedTransaction;
use std::collections::HashMap;

/// Domain separators the BLS signature starts with (Arcium's `BLSDomainSeparator`).
const SUCCESS: u8 = 0;
const FAILURE: u8 = 1;
/// Byte offset of `status` in a computation account (after `slot_counter` at 108).
pub const COMPUTATION_STATUS_OFFSET: u32 = 110;
/// `ComputationStatus::Finalized` as Borsh writes it.
const FINALIZED: u8 = 1;
/// Most a callback transaction may cost the node, in lamports (checked by Lighthouse).
const CALLBACK_COST_CAP: u64 = 100_000;

/// What the cluster concluded about one computation.
#[derive(Debug, Clone)]
pub enum Outcome {
    /// The circuit ran; these are its serialized outputs.
    Success(Vec<u8>),
    /// The computation was aborted; nothing is revealed.
    Failure {
        failure: ExecutionFailure,
        detail: String,
    },
}

impl Outcome {
    /// An abort for `reason`, as a cluster reports when nodes disagree or a node misbehaves.
    pub fn aborted(reason: AbortReason) -> Self {
        Outcome::Failure {
            detail: format!("aborted: {reason:?}"),
            failure: ExecutionFailure::Abort(reason),
        }
    }
}

/// A queued computation as read from the chain.
pub struct QueuedComputation {
    pub offset: u64,
    pub account: ComputationAccount,
    pub definition: ComputationDefinitionAccount,
    /// The data of the accounts its arguments read by reference, as they were when it executed;
    /// an account that did not exist is absent.
    pub referenced: HashMap<Pubkey, Vec<u8>>,
}

/// The computation definition account a computation was queued against, which a node reads to
/// run it and names in its callback.
pub fn definition_address(account: &ComputationAccount) -> Pubkey {
    pda::computation_definition_acc(
        &account.mxe_program_id,
        account.computation_definition_offset,
    )
}

/// A callback transaction's instructions, ready to sign; tests may alter them to play a dishonest
/// node.
pub struct PreparedCallback {
    pub computation: QueuedComputation,
    pub outcome: Outcome,
    pub instructions: Vec<Instruction>,
}

pub struct Executor {
    pub keys: ClusterKeys,
    circuits: CircuitStore,
}

impl Executor {
    pub fn new(keys: ClusterKeys, circuits: CircuitStore) -> Self {
        Self { keys, circuits }
    }

    /// Runs the computation's circuit on its arguments.
    pub fn execute(&self, computation: &QueuedComputation) -> Outcome {
        let fail = |failure, detail: String| Outcome::Failure { failure, detail };
        let CircuitSource::OffChain(source) = &computation.definition.circuit_source else {
            return fail(
                ExecutionFailure::Circuit,
                "circuit is not served off-chain".into(),
            );
        };
        let circuit = match self.circuits.load(&source.source, &source.hash) {
            Ok(circuit) => circuit,
            Err(error) => return fail(ExecutionFailure::Circuit, error.to_string()),
        };
        let signature = &computation.definition.definition.signature;
        let arguments = match resolve_arguments(
            &computation.account.arguments,
            &signature.parameters,
            |address| computation.referenced.get(address).map(Vec::as_slice),
        ) {
            Ok(arguments) => arguments,
            Err(error) => return fail(ExecutionFailure::Inputs, error),
        };
        match evaluate(&circuit, &arguments, &signature.outputs, &self.keys) {
            Ok(output) => Outcome::Success(output),
            Err(error) => fail(ExecutionFailure::Inputs, error.to_string()),
        }
    }

    /// Runs the computation (unless `outcome` overrides the execution, as a cluster that aborts
    /// would), signs the result and builds the callback. `node_balance` bounds what the callback
    /// may cost the node.
    pub fn prepare(
        &self,
        computation: QueuedComputation,
        outcome: Option<Outcome>,
        node_balance: u64,
    ) -> PreparedCallback {
        let outcome = outcome.unwrap_or_else(|| self.execute(&computation));
        let envelope = self.sign(&outcome, &computation.account);
        let instructions =
            self.callback_instructions(&computation, &outcome, envelope, node_balance);
        PreparedCallback {
            computation,
            outcome,
            instructions,
        }
    }

    /// The callback as the node signs it: a v0 transaction naming the MXE's recurring accounts
    /// through its lookup table, as a node of a real cluster does.
    pub fn callback_transaction(
        &self,
        callback: &PreparedCallback,
        lookup_table: &AddressLookupTableAccount,
        blockhash: Hash,
    ) -> VersionedTransaction {
        let node = &self.keys.node_authority;
        let message = v0::Message::try_compile(
            &node.pubkey(),
            &callback.instructions,
            std::slice::from_ref(lookup_table),
            blockhash,
        )
        .expect("callback instructions compile into a v0 message");
        VersionedTransaction::try_new(VersionedMessage::V0(message), &[node])
            .expect("the node signs its callback")
    }

    /// The callback payload `[separator, output.., signature(64)]`, the signature binding the
    /// output to this computation's `(slot, slot_counter)`.
    pub fn sign(&self, outcome: &Outcome, computation: &ComputationAccount) -> Vec<u8> {
        let mut envelope = match outcome {
            Outcome::Success(output) => [&[SUCCESS][..], output].concat(),
            Outcome::Failure { .. } => vec![FAILURE],
        };
        let mut message = envelope.clone();
        message.extend_from_slice(&computation.slot.to_le_bytes());
        message.extend_from_slice(&computation.slot_counter.to_le_bytes());
        let signature = self
            .keys
            .bls
            .sign::<Sha256Normalized, _>(&message)
            .expect("BLS signing with a valid key succeeds");
        envelope.extend_from_slice(&signature.0);
        envelope
    }

    /// The four instructions of the callback transaction, to be signed by the node authority.
    pub fn callback_instructions(
        &self,
        computation: &QueuedComputation,
        outcome: &Outcome,
        envelope: Vec<u8>,
        node_balance: u64,
    ) -> Vec<Instruction> {
        let account = &computation.account;
        let mxe = pda::mxe_acc(&account.mxe_program_id);
        let cluster = crate::genesis::CLUSTER_OFFSET;
        let computation_address = pda::computation_acc(cluster, computation.offset);
        let node = self.keys.node_authority.pubkey();
        let execution_status = match outcome {
            Outcome::Success(_) => ExecutionStatus::Success,
            Outcome::Failure { failure, .. } => ExecutionStatus::Failure(*failure, [0; 32]),
        };
        let callback_computation = Instruction {
            program_id: ARCIUM_PROGRAM_ID,
            accounts: accounts::CallbackComputation {
                signer: node,
                node: pda::arx_acc(NODE_OFFSET),
                mxe,
                cluster_acc: pda::cluster_acc(cluster),
                comp: computation_address,
                mempool: pda::mempool_acc(cluster),
                executing_pool: pda::execpool_acc(cluster),
                comp_def_acc: definition_address(account),
                instructions_sysvar: sysvar::instructions::ID,
            }
            .to_account_metas(None),
            data: args::CallbackComputation {
                comp_offset: computation.offset,
                node_offset: NODE_OFFSET,
                comp_def_offset: account.computation_definition_offset,
                mxe_program: account.mxe_program_id,
                execution_status,
                callback_transaction_index: 0,
            }
            .data(),
        };
        let registered = &account.custom_callback_instructions[0];
        let callback = Instruction {
            program_id: registered.program_id,
            accounts: registered
                .accounts
                .iter()
                .map(|account| AccountMeta {
                    pubkey: account.pubkey,
                    is_signer: false,
                    is_writable: account.is_writable,
                })
                .collect(),
            data: [registered.discriminator.as_slice(), &envelope].concat(),
        };
        vec![
            callback_computation,
            callback,
            lighthouse::assert_lamports_at_least(
                node,
                node_balance.saturating_sub(CALLBACK_COST_CAP),
            ),
            lighthouse::assert_data_byte(computation_address, COMPUTATION_STATUS_OFFSET, FINALIZED),
        ]
    }

    pub fn node_authority(&self) -> Pubkey {
        self.keys.node_authority.pubkey()
    }
}
