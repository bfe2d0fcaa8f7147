//! Masking of personal data on screens and paper: phones as `138****5678`, ID numbers with the
//! first four and last four kept. Unmasked values are shown only on an explicit, audited request.

/// `13812345678` → `138****5678`; numbers too short to mask keep only their last two digits.
pub fn mask_phone(phone: &str) -> String {
    let chars: Vec<char> = phone.chars().collect();
    match chars.len() {
        0 => String::new(),
        n if n >= 8 => {
            let head: String = chars[..3].iter().collect();
            let tail: String = chars[n - 4..].iter().collect();
            format!("{head}{}{tail}", "*".repeat(n - 7))
        }
        n => {
            let tail: String = chars[n.saturating_sub(2)..].iter().collect();
            format!("{}{tail}", "*".repeat(n.saturating_sub(2)))
        }
    }
}

/// `110105194912310021` → `1101**********0021`: first four and last four kept.
pub fn mask_id_number(id: &str) -> String {
    let chars: Vec<char> = id.chars().collect();
    let n = chars.len();
    if n <= 8 {
        return "*".repeat(n);
    }
    let head: String = chars[..4].iter().collect();
    let tail: String = chars[n - 4..].iter().collect();
    format!("{head}{}{tail}", "*".repeat(n - 8))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks() {
        let phones = [
            ("13812345678", "138****5678"),
            ("02161234567", "021****4567"),
            ("1234567", "*****67"),
            ("61234567", "612*4567"),
            ("12345", "***45"),
            ("", ""),
        ];
        for (phone, masked) in phones {
            assert_eq!(mask_phone(phone), masked, "{phone}");
        }
        let ids = [
            ("11010519491231002X", "1101**********002X"),
            ("110105491231002", "1101*******1002"),
            ("1234", "****"),
        ];
        for (id, masked) in ids {
            assert_eq!(mask_id_number(id), masked, "{id}");
        }
    }
}
