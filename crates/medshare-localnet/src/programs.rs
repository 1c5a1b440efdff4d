//! The three programs the node runs natively: medshare, the local Arcium program and Lighthouse.

use crate::native;
use litesvm::LiteSVM;
use solana_program::pubkey::Pubkey;
use solana_program_runtime::declare_process_instruction;

arcium_local::native_anchor_entry!(medshare_entry, share_medical_records::entry);

declare_process_instruction!(Medshare, 1, |invoke_context| {
    native::run(medshare_entry, invoke_context)
});
declare_process_instruction!(Arcium, 1, |invoke_context| {
    native::run(arcium_local::program::process, invoke_context)
});
declare_process_instruction!(Lighthouse, 1, |invoke_context| {
    native::run(arcium_local::lighthouse::process, invoke_context)
});

/// Loads the three programs into `svm` at their program ids.
pub fn load(svm: &mut LiteSVM) {
    use solana_program_runtime::solana_sbpf::program::BuiltinFunctionDefinition;
    let programs: [(Pubkey, _); 3] = [
        (share_medical_records::ID, Medshare::register as _),
        (arcium_client::ARCIUM_PROGRAM_ID, Arcium::register as _),
        (
            arcium_local::LIGHTHOUSE_PROGRAM_ID,
            Lighthouse::register as _,
        ),
    ];
    for (program_id, register) in programs {
        svm.add_builtin(program_id, register);
    }
}
