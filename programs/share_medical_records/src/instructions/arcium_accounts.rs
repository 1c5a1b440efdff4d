//! The Arcium accounts every queueing instruction and every callback carries, declared once.

/// Declares the accounts of an instruction that queues a circuit: the instruction's own accounts
/// first, then the ones every Arcium queue needs, in the order the Arcium program expects.
/// `offset` names the instruction's computation-offset argument.
macro_rules! queue_accounts {
    (
        $(#[$meta:meta])*
        pub struct $name:ident for $circuit:literal at $comp_def:path,
            payer = $payer:ident, offset = $offset:ident
        { $($fields:tt)* }
    ) => {
        $(#[$meta])*
        #[queue_computation_accounts($circuit, $payer)]
        #[derive(Accounts)]
        #[instruction($offset: u64)]
        pub struct $name<'info> {
            $($fields)*
            #[account(
                init_if_needed,
                space = 9,
                payer = $payer,
                seeds = [&SIGN_PDA_SEED],
                bump,
                address = derive_sign_pda!(),
            )]
            pub sign_pda_account: Account<'info, ArciumSignerAccount>,
            #[account(address = derive_mxe_pda!())]
            pub mxe_account: Box<Account<'info, MXEAccount>>,
            /// CHECK: checked by the Arcium program.
            #[account(mut, address = derive_mempool_pda!(mxe_account))]
            pub mempool_account: UncheckedAccount<'info>,
            /// CHECK: checked by the Arcium program.
            #[account(mut, address = derive_execpool_pda!(mxe_account))]
            pub executing_pool: UncheckedAccount<'info>,
            /// CHECK: created by the Arcium program at this address.
            #[account(mut, address = derive_comp_pda!($offset, mxe_account))]
            pub computation_account: UncheckedAccount<'info>,
            #[account(address = derive_comp_def_pda!($comp_def))]
            pub comp_def_account: Box<Account<'info, ComputationDefinitionAccount>>,
            #[account(mut, address = derive_cluster_pda!(mxe_account))]
            pub cluster_account: Box<Account<'info, Cluster>>,
            #[account(mut, address = ARCIUM_FEE_POOL_ACCOUNT_ADDRESS)]
            pub pool_account: Box<Account<'info, FeePool>>,
            #[account(mut, address = ARCIUM_CLOCK_ACCOUNT_ADDRESS)]
            pub clock_account: Box<Account<'info, ClockAccount>>,
            pub system_program: Program<'info, System>,
            pub arcium_program: Program<'info, Arcium>,
        }
    };
}
pub(crate) use queue_accounts;

/// Declares the accounts of a circuit's callback: the six the Arcium callback checks need, then
/// the ones the queueing instruction registered for it.
macro_rules! settlement_accounts {
    (
        $(#[$meta:meta])*
        pub struct $name:ident for $circuit:literal at $comp_def:path
        { $($fields:tt)* }
    ) => {
        $(#[$meta])*
        #[callback_accounts($circuit)]
        #[derive(Accounts)]
        pub struct $name<'info> {
            pub arcium_program: Program<'info, Arcium>,
            #[account(address = derive_comp_def_pda!($comp_def))]
            pub comp_def_account: Box<Account<'info, ComputationDefinitionAccount>>,
            #[account(address = derive_mxe_pda!())]
            pub mxe_account: Box<Account<'info, MXEAccount>>,
            /// CHECK: the handler ties it to its own computation; `verify_output` checks owner
            /// and discriminator.
            pub computation_account: UncheckedAccount<'info>,
            #[account(address = derive_cluster_pda!(mxe_account))]
            pub cluster_account: Box<Account<'info, Cluster>>,
            /// CHECK: the instructions sysvar, by address.
            #[account(address = ::arcium_anchor::solana_instructions_sysvar::ID)]
            pub instructions_sysvar: UncheckedAccount<'info>,
            $($fields)*
        }
    };
}
pub(crate) use settlement_accounts;
