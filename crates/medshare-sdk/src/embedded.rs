//! medshare on the embedded local chain: the program as a native builtin, the local Arcium
//! cluster, and the computation definitions deployed, all in this process.

// solana-program-test 3.x marks its API as unstable Agave API; 3.x is the line whose syscall
// stubs Anchor's CPIs reach (see docs/local-arcium.md), so this module uses it knowingly.
#![allow(deprecated)]

use crate::instructions::{init_comp_def, CIRCUITS};
use arcium_local::{ChainError, ChainState, LocalChain};
use share_medical_records::ID as PROGRAM_ID;
use solana_program_test::processor;
use solana_program_test::ProgramTest;
use solana_signer::Signer;
use std::path::PathBuf;

/// Where the embedded chain's computation definitions say `circuit` is, relative to
/// [`circuits_root`].
pub fn circuit_url(circuit: &str) -> String {
    format!("file://build/{circuit}.arcis")
}

/// The workspace root, whose `build/` holds the compiled circuits (override with
/// `MEDSHARE_CIRCUITS_ROOT`).
pub fn circuits_root() -> PathBuf {
    std::env::var_os("MEDSHARE_CIRCUITS_ROOT")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../..")))
}

/// Starts a chain with medshare and its circuits deployed. The access configuration is left to
/// the caller: its authority and break-glass list are a deployment's own decisions.
pub async fn start() -> Result<LocalChain, ChainError> {
    start_with(|_| {}).await
}

/// [`start`], with `extend` adding programs or accounts of its own first (tests bring the
/// programs an attacker would deploy).
pub async fn start_with(extend: impl FnOnce(&mut ProgramTest)) -> Result<LocalChain, ChainError> {
    let mut chain = undeployed_with(extend).await;
    deploy(&mut chain).await?;
    Ok(chain)
}

/// A chain with medshare's program and the local Arcium cluster, before the deployer has
/// registered the circuits.
pub async fn undeployed_with(extend: impl FnOnce(&mut ProgramTest)) -> LocalChain {
    let mut program_test = program_test();
    extend(&mut program_test);
    LocalChain::start(program_test, PROGRAM_ID, circuits_root()).await
}

/// The deployer registers every circuit.
pub async fn deploy(chain: &mut LocalChain) -> Result<(), ChainError> {
    let deployer = chain.deployer.insecure_clone();
    let registrations: Vec<_> = CIRCUITS
        .iter()
        .filter_map(|circuit| init_comp_def(&deployer.pubkey(), circuit, &circuit_url(circuit), 0))
        .collect();
    chain.send(&registrations, &[&deployer]).await?;
    Ok(())
}

/// Continues a chain saved by [`LocalChain::save`].
pub async fn resume(state: ChainState) -> Result<LocalChain, ChainError> {
    LocalChain::resume(program_test(), PROGRAM_ID, circuits_root(), state).await
}

fn program_test() -> ProgramTest {
    ProgramTest::new(
        "share_medical_records",
        PROGRAM_ID,
        processor!(program_entry),
    )
}

arcium_local::native_anchor_entry!(program_entry, share_medical_records::entry);
