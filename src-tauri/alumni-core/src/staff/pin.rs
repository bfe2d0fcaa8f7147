//! PIN hashing: Argon2id with a random salt per PIN, kept as a PHC string
//! (`$argon2id$v=19$m=…,t=…,p=…$salt$hash`). The PIN itself is never stored or returned.

use argon2::password_hash::{phc::PasswordHash, PasswordHasher, PasswordVerifier};
use argon2::Argon2;

use super::StaffError;

/// The PHC string of `pin` with a fresh random salt.
pub(crate) fn hash(pin: &str) -> Result<String, StaffError> {
    let hashed: PasswordHash = Argon2::default()
        .hash_password(pin.as_bytes())
        .map_err(|e| StaffError::Hash(e.to_string()))?;
    Ok(hashed.to_string())
}

/// Whether `pin` matches the stored PHC string. A stored value that does not parse matches
/// nothing (and is logged), so a damaged row can only lock a profile, never open it.
pub(crate) fn matches(pin: &str, stored: &str) -> bool {
    match PasswordHash::new(stored) {
        Ok(parsed) => Argon2::default()
            .verify_password(pin.as_bytes(), &parsed)
            .is_ok(),
        Err(e) => {
            log::error!("a stored PIN hash does not parse: {e}");
            false
        }
    }
}
