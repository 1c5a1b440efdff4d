//! Anchor programs as native builtins.
//!
//! Anchor 1.0's `entry<'info>` ties the program id, the accounts and the instruction data to one
//! lifetime, while a native runtime calls a program with three independent borrows. The macro
//! declares the function a runtime can call.

#[doc(hidden)]
pub use solana_program;
use solana_program::account_info::AccountInfo;

/// Declares `fn $name(&Pubkey, &[AccountInfo], &[u8]) -> ProgramResult` calling `$entry`, an
/// Anchor program's `entry`.
#[macro_export]
macro_rules! native_anchor_entry {
    ($name:ident, $entry:path) => {
        fn $name(
            program_id: &$crate::native_entry::solana_program::pubkey::Pubkey,
            accounts: &[$crate::native_entry::solana_program::account_info::AccountInfo],
            data: &[u8],
        ) -> $crate::native_entry::solana_program::entrypoint::ProgramResult {
            // SAFETY: the runtime keeps the program id, the accounts and the data alive and
            // unmoved for the whole call, so presenting them with one lifetime that ends when
            // this call returns is sound.
            unsafe {
                let program_id: &'static $crate::native_entry::solana_program::pubkey::Pubkey =
                    &*(program_id as *const _);
                let data: &'static [u8] = &*(data as *const [u8]);
                $entry(
                    program_id,
                    $crate::native_entry::one_lifetime(accounts),
                    data,
                )
            }
        }
    };
}

/// # Safety
/// Only for the macro above: the accounts must outlive the call they are passed to.
#[doc(hidden)]
pub unsafe fn one_lifetime<'a>(accounts: &'a [AccountInfo<'_>]) -> &'a [AccountInfo<'a>] {
    unsafe { std::mem::transmute(accounts) }
}
