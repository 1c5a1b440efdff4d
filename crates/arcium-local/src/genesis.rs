//! The Arcium accounts a freshly started local chain holds: one cluster of one node serving one
//! MXE program, with the MXE's x25519 key and the cluster's BLS key set.

use crate::keys::ClusterKeys;
use anchor_lang::{AccountSerialize, Discriminator};
use arcium_client::{
    idl::arcium::{
        accounts::{
            ArxNode, ClockAccount, Cluster, FeePool, MXEAccount, TinyExecPool, TinyMempool,
        },
        types::{
            Activation, ArxNodeConfig, BN254G2BLSPublicKey, ClusterMembership, Epoch,
            LeaderSelector, MxeStatus, NodeMetadata, NodeRef, ProtocolConfig, SetUnset, Timestamp,
            UtilityPubkeys,
        },
    },
    pda, ARCIUM_PROGRAM_ID,
};
use solana_account::Account;
use solana_address_lookup_table_interface::state::{AddressLookupTable, LookupTableMeta};
use solana_message::AddressLookupTableAccount;
use solana_program::{pubkey::Pubkey, rent::Rent};
use solana_signer::Signer;

/// Offset of the local cluster, and of its only node.
pub const CLUSTER_OFFSET: u32 = 0;
pub const NODE_OFFSET: u32 = 0;
/// Room left in the MXE account for computation definition offsets (4 bytes each).
const MXE_SPARE_BYTES: usize = 4 * 64;

/// Lamports the deployer and the node start with.
const STARTING_BALANCE: u64 = 1_000_000_000_000;

/// The Arcium accounts, the funded wallets of the deployer (the MXE authority) and the node,
/// and the MXE program's `ProgramData` naming the deployer as its upgrade authority.
pub fn funded_genesis(
    keys: &ClusterKeys,
    mxe_program: Pubkey,
    deployer: &Pubkey,
) -> Vec<(Pubkey, Account)> {
    let mut accounts = genesis_accounts(keys, mxe_program, Some(*deployer));
    accounts.push(program_data(&mxe_program, deployer));
    for funded in [*deployer, keys.node_authority.pubkey()] {
        let wallet = Account {
            lamports: STARTING_BALANCE,
            ..Account::default()
        };
        accounts.push((funded, wallet));
    }
    accounts
}

/// The `ProgramData` account the upgradeable loader keeps for a deployed program. The program
/// itself runs as a native builtin here, so the account holds the loader's header only: who may
/// upgrade the program, which is what programs read it for.
fn program_data(program: &Pubkey, upgrade_authority: &Pubkey) -> (Pubkey, Account) {
    let loader = anchor_lang::solana_program::bpf_loader_upgradeable::ID;
    let address = Pubkey::find_program_address(&[program.as_ref()], &loader).0;
    let state =
        anchor_lang::solana_program::bpf_loader_upgradeable::UpgradeableLoaderState::ProgramData {
            slot: 0,
            upgrade_authority_address: Some(*upgrade_authority),
        };
    let data = bincode::serialize(&state).expect("a loader header serializes");
    let account = Account {
        lamports: Rent::default().minimum_balance(data.len()),
        data,
        owner: loader,
        executable: false,
        rent_epoch: 0,
    };
    (address, account)
}

/// Every Arcium account the chain starts with, by address.
pub fn genesis_accounts(
    keys: &ClusterKeys,
    mxe_program: Pubkey,
    mxe_authority: Option<Pubkey>,
) -> Vec<(Pubkey, Account)> {
    let (mxe_address, mxe_bump) = pda::mxe_acc_w_bump(&mxe_program);
    let (cluster_address, cluster_bump) = pda::cluster_acc_w_bump(CLUSTER_OFFSET);
    let (node_address, node_bump) = pda::arx_acc_w_bump(NODE_OFFSET);
    let (clock_address, clock_bump) = pda::clock_acc_w_bump();
    let (pool_address, pool_bump) = pda::fee_pool_acc_w_bump();
    let bls_public_key = BN254G2BLSPublicKey(keys.bls_public_key());

    let mxe = MXEAccount {
        _padding: 0,
        cluster: CLUSTER_OFFSET,
        keygen_offset: 0,
        key_recovery_init_offset: 0,
        mxe_program_id: mxe_program,
        authority: mxe_authority,
        utility_pubkeys: SetUnset::Set(UtilityPubkeys {
            x25519_pubkey: keys.mxe_public_key(),
            ed25519_verifying_key: [0; 32],
            elgamal_pubkey: [0; 32],
            pubkey_validity_proof: [0; 64],
        }),
        lut_offset_slot: 0,
        computation_definitions: Vec::new(),
        status: MxeStatus::Active,
        bump: mxe_bump,
        current_epoch_recovery_rewards: 0,
        recovery_rewards_epoch: Epoch(0),
    };
    let cluster = Cluster {
        td_info: None,
        authority: None,
        cluster_size: 1,
        activation: Activation {
            activation_epoch: Epoch(0),
            deactivation_epoch: Epoch(u64::MAX),
        },
        max_capacity: u64::MAX,
        cu_price: 0,
        cu_price_proposals: [0; 32],
        last_updated_epoch: Epoch(0),
        nodes: vec![NodeRef {
            offset: NODE_OFFSET,
            _padding: [0; 8],
            vote: 0,
        }],
        pending_nodes: Vec::new(),
        bls_public_key: SetUnset::Set(bls_public_key),
        bump: cluster_bump,
        current_epoch_total_rewards: 0,
        rewards_epoch: Epoch(0),
        leader_selector: LeaderSelector {
            staking_epoch: Epoch(0),
            info: Vec::new(),
        },
    };
    let node = ArxNode {
        x25519_pubkey: [0; 32],
        primary_staking_account: Pubkey::default(),
        metadata: NodeMetadata {
            ip: [127, 0, 0, 1],
            peer_id: [0; 32],
            location: 0,
        },
        config: ArxNodeConfig {
            authority: keys.node_authority.pubkey(),
            callback_authority: keys.node_authority.pubkey(),
        },
        cluster_membership: ClusterMembership::Active(CLUSTER_OFFSET),
        cu_capacity_claim: 0,
        is_active: true,
        bls_pubkey: bls_public_key,
        bump: node_bump,
    };
    let clock = ClockAccount {
        start_epoch: Epoch(0),
        current_epoch: Epoch(0),
        start_epoch_timestamp: Timestamp { timestamp: 0 },
        bump: clock_bump,
        protocol_config_authority: Pubkey::default(),
        protocol_config: ProtocolConfig {
            min_self_delegation: 0,
            min_delegation: 0,
            min_lockup_epochs_primary: 0,
            min_lockup_epochs_delegation: 0,
            max_cluster_size: 1,
            min_primary_stake_tiny: 0,
            min_primary_stake_small: 0,
            min_primary_stake_medium: 0,
            min_primary_stake_large: 0,
        },
    };

    vec![
        (mxe_address, serialized(&mxe, MXE_SPARE_BYTES)),
        (cluster_address, serialized(&cluster, 0)),
        (node_address, serialized(&node, 0)),
        (clock_address, serialized(&clock, 0)),
        (pool_address, serialized(&FeePool { bump: pool_bump }, 0)),
        (
            pda::mempool_acc(CLUSTER_OFFSET),
            zero_copy(
                TinyMempool::DISCRIMINATOR,
                std::mem::size_of::<TinyMempool>(),
            ),
        ),
        (
            pda::execpool_acc(CLUSTER_OFFSET),
            zero_copy(
                TinyExecPool::DISCRIMINATOR,
                std::mem::size_of::<TinyExecPool>(),
            ),
        ),
        lookup_table(&mxe_program),
    ]
}

fn serialized<T: AccountSerialize>(value: &T, spare: usize) -> Account {
    let mut data = Vec::new();
    value
        .try_serialize(&mut data)
        .expect("genesis accounts serialize");
    data.resize(data.len() + spare, 0);
    arcium_owned(data)
}

/// A zero-copy pool account: its discriminator, then an empty pool.
fn zero_copy(discriminator: &[u8], size: usize) -> Account {
    let mut data = vec![0; 8 + size];
    data[..8].copy_from_slice(discriminator);
    arcium_owned(data)
}

fn arcium_owned(data: Vec<u8>) -> Account {
    Account {
        lamports: Rent::default().minimum_balance(data.len()),
        data,
        owner: ARCIUM_PROGRAM_ID,
        executable: false,
        rent_epoch: 0,
    }
}

/// The accounts every callback of this MXE names, which the MXE's address lookup table holds so
/// that callbacks can name them by index (Arcium registers them as `register_account_in_lut`).
pub fn lookup_table_addresses(mxe_program: &Pubkey) -> Vec<Pubkey> {
    vec![
        pda::arx_acc(NODE_OFFSET),
        pda::mxe_acc(mxe_program),
        pda::cluster_acc(CLUSTER_OFFSET),
        pda::mempool_acc(CLUSTER_OFFSET),
        pda::execpool_acc(CLUSTER_OFFSET),
        solana_program::sysvar::instructions::ID,
    ]
}

/// The MXE's lookup table as a transaction compiler takes it.
pub fn lookup_table_account(mxe_program: &Pubkey) -> AddressLookupTableAccount {
    AddressLookupTableAccount {
        key: pda::mxe_lut_acc(mxe_program, 0),
        addresses: lookup_table_addresses(mxe_program),
    }
}

/// The MXE's lookup table, at the address its `lut_offset_slot` (0) gives, active since genesis.
pub fn lookup_table(mxe_program: &Pubkey) -> (Pubkey, Account) {
    let table = AddressLookupTable {
        meta: LookupTableMeta {
            deactivation_slot: u64::MAX,
            last_extended_slot: 0,
            last_extended_slot_start_index: 0,
            authority: Some(pda::mxe_acc(mxe_program)),
            _padding: 0,
        },
        addresses: lookup_table_addresses(mxe_program).into(),
    };
    let data = table
        .serialize_for_tests()
        .expect("a lookup table serializes");
    let account = Account {
        lamports: Rent::default().minimum_balance(data.len()),
        data,
        owner: solana_address_lookup_table_interface::program::ID,
        executable: false,
        rent_epoch: 0,
    };
    (pda::mxe_lut_acc(mxe_program, 0), account)
}
