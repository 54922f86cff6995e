//! Planning: the years after the tariff's. [`project`] makes next year's
//! tariff from this year's (indices, population, this year's amounts as
//! next year's actuals); [`plan`] chains those steps over the budget and
//! plan years of each scenario; [`solve`] finds the value of a tariff key
//! whose total covers a budget. Their results are the engine's
//! ([`crate::engine::plan`], [`crate::engine::solve::Solution`]), so that
//! writers render them without knowing how they were made.

pub mod plan;
pub mod project;
pub mod solve;
