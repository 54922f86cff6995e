//! What an input file is to the run (the tariff, the population file …),
//! as messages name it and records give its role.

use crate::msg;
use crate::msg::Message;

/// What an input file is to the run, as messages name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Input {
    Tariff,
    Population,
    Actuals,
    Weights,
    Recipients,
    Register,
    Plan,
    Forecast,
    Manifest,
    /// An output read back (by `verify`).
    Output,
    /// An input a recipe names (by `verify`).
    Recorded,
    /// A file to import (`population import`).
    Import,
    /// The private key that signs the register (`--signing-key`).
    SigningKey,
}

impl Input {
    /// `the tariff`, `taxan`: the input in a sentence.
    pub fn the(self) -> Message {
        match self {
            Input::Tariff => msg!("input-the-tariff"),
            Input::Population => msg!("input-the-population"),
            Input::Actuals => msg!("input-the-actuals"),
            Input::Weights => msg!("input-the-weights"),
            Input::Recipients => msg!("input-the-recipients"),
            Input::Register => msg!("input-the-register"),
            Input::Plan => msg!("input-the-plan"),
            Input::Forecast => msg!("input-the-forecast"),
            Input::Manifest => msg!("input-the-manifest"),
            Input::Output => msg!("input-the-output"),
            Input::Recorded => msg!("input-the-recorded"),
            Input::Import => msg!("input-the-import"),
            Input::SigningKey => msg!("ledger-input-the-signing-key"),
        }
    }

    /// `tariff`, `taxa`: the input after a possessive ("this run's …").
    pub fn noun(self) -> Message {
        match self {
            Input::Tariff => msg!("input-tariff"),
            Input::Population => msg!("input-population"),
            Input::Actuals => msg!("input-actuals"),
            Input::Weights => msg!("input-weights"),
            Input::Recipients => msg!("input-recipients"),
            Input::Register => msg!("input-register"),
            Input::Plan => msg!("input-plan"),
            Input::Forecast => msg!("input-forecast"),
            Input::Manifest => msg!("input-manifest"),
            Input::Output => msg!("input-output"),
            Input::Recorded => msg!("input-recorded"),
            Input::Import => msg!("input-import"),
            Input::SigningKey => msg!("ledger-input-signing-key"),
        }
    }

    /// The role a run's record gives the input (`tariff`, `population
    /// file`): English, for tests and records, never shown to a person.
    pub fn role(self) -> &'static str {
        match self {
            Input::Tariff => "tariff",
            Input::Population => "population file",
            Input::Actuals => "actuals",
            Input::Weights => "weight file",
            Input::Recipients => "recipients file",
            Input::Register => "register",
            Input::Plan => "plan",
            Input::Forecast => "forecast",
            Input::Manifest => "manifest",
            Input::Output => "output",
            Input::Recorded => "input",
            Input::Import => "file",
            Input::SigningKey => "signing key",
        }
    }
}
