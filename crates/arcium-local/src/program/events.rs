//! Arcium's own events, in Anchor's `Program data:` format. The executor learns of queued
//! computations from `QueueComputationEvent`, as a node learns of them from the chain.

use anchor_lang::Event;

pub fn emit<E: Event>(event: &E) {
    solana_program::log::sol_log_data(&[&event.data()]);
}
