//! Checking the roles given to a PROCESS model: every role it needs and no other, an allowed
//! number of mediators, and no variable in two roles.

use super::ProcessError;
use super::model::{self, Mediators, Structure};
use crate::results::process::Roles;

/// Check the roles against the model: the model exists, every role it needs is given and
/// no other, the number of mediators is allowed, and no variable has two roles.
pub fn validate_roles(model: u8, roles: &Roles) -> Result<Structure, ProcessError> {
    let s = model::structure(model).ok_or(ProcessError::UnknownModel(model))?;
    let k = roles.m.len();
    match s.mediators {
        Mediators::None if k > 0 => {
            return Err(ProcessError::UnexpectedRole {
                model,
                role: "mediator",
                why: "it is a moderation model; for mediation use model 4 (parallel) or 6 (serial)"
                    .into(),
            });
        }
        Mediators::Parallel if k == 0 || k > model::MAX_PARALLEL => {
            return Err(ProcessError::MissingRole {
                model,
                what: format!("1 to {} mediators (M); {k} given", model::MAX_PARALLEL),
            });
        }
        Mediators::Serial if !(2..=model::MAX_SERIAL).contains(&k) => {
            return Err(ProcessError::MissingRole {
                model,
                what: format!(
                    "2 to {} mediators (M) in series; {k} given (one mediator: model 4)",
                    model::MAX_SERIAL
                ),
            });
        }
        _ => {}
    }
    for (needed, given, role) in [
        (s.needs_w(), roles.w.is_some(), "W"),
        (s.needs_z(), roles.z.is_some(), "Z"),
    ] {
        if needed && !given {
            return Err(ProcessError::MissingRole {
                model,
                what: format!("a moderator {role}"),
            });
        }
        if !needed && given {
            return Err(ProcessError::UnexpectedRole {
                model,
                role: if role == "W" {
                    "moderator W"
                } else {
                    "moderator Z"
                },
                why: "its paths are not moderated by it (see the model list in `bprstat process --help`)"
                    .into(),
            });
        }
    }
    let mut named: Vec<(String, &str)> = vec![("X".into(), &roles.x), ("Y".into(), &roles.y)];
    for (j, m) in roles.m.iter().enumerate() {
        named.push((format!("mediator M{}", j + 1), m));
    }
    if let Some(w) = &roles.w {
        named.push(("moderator W".into(), w));
    }
    if let Some(z) = &roles.z {
        named.push(("moderator Z".into(), z));
    }
    for c in &roles.covariates {
        named.push(("a covariate".into(), c));
    }
    for (i, (role, name)) in named.iter().enumerate() {
        if let Some((other, _)) = named[..i].iter().find(|(_, n)| n == name) {
            return Err(ProcessError::SameVariable {
                name: name.to_string(),
                first: other.clone(),
                second: role.clone(),
            });
        }
    }
    Ok(s)
}
