//! Multilevel models: random-intercept models by REML or ML (`mixed`), nested random
//! intercepts for centers surveyed in waves (`nested`), profile-likelihood intervals and ICCs
//! (`profile`), and rank intervals of groups for league tables (`league`).

pub mod league;
pub mod mixed;
pub mod nested;
pub mod profile;
