//! Multilevel models: random-intercept models by REML or ML (`mixed`), profile-likelihood
//! intervals and ICCs (`profile`), and rank intervals of groups for league tables (`league`).

pub mod league;
pub mod mixed;
pub mod profile;
