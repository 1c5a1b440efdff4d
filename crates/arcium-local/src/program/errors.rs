//! Errors with the codes and names the deployed Arcium program uses, so clients see the same
//! failures locally and on a real cluster.

use solana_program::{log::sol_log, program_error::ProgramError};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u32)]
pub enum ArciumError {
    InvalidAuthority = 6000,
    InvalidMXE = 6003,
    InvalidCluster = 6006,
    InvalidComputationDefinition = 6007,
    InvalidComputationOffset = 6200,
    InvalidCallbackAccs = 6201,
    AlreadyInitializedComputation = 6203,
    AlreadyCallbackedComputation = 6204,
    InvalidCallbackTx = 6205,
    InvalidComputation = 6207,
    InvalidCallbackInstructions = 6209,
    ComputationNotExpired = 6210,
    InvalidCallbackIndex = 6211,
    MultiTxCallbacksDisabled = 6212,
    InvalidArguments = 6301,
    InvalidCircuitSource = 6302,
    ComputationDefinitionDeactivated = 6306,
    InvalidNode = 6400,
    InvalidNodeAuthority = 6403,
    DeserializationFailed = 6601,
    InvalidLighthouseInstructionCount = 6610,
}

impl From<ArciumError> for ProgramError {
    fn from(error: ArciumError) -> Self {
        sol_log(&format!("Arcium error: {:?}", error));
        ProgramError::Custom(error as u32)
    }
}

/// `Err(error)` unless `condition` holds.
pub fn ensure(condition: bool, error: ArciumError) -> Result<(), ProgramError> {
    if condition {
        Ok(())
    } else {
        Err(error.into())
    }
}
