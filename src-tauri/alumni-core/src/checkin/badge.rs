//! Badge tokens: 12 digits, the last a Luhn check digit.
//!
//! Digits only, because a USB scanner types through the Chinese input method, which eats
//! letters; the check digit catches a mistyped or misread code before the database is asked.

use rand::Rng;
use serde::{Deserialize, Serialize};

/// Number of digits in a token, check digit included.
pub const TOKEN_DIGITS: usize = 12;

/// A well-formed badge token.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct BadgeToken(String);

impl BadgeToken {
    /// A new random token.
    pub fn generate<R: Rng + ?Sized>(rng: &mut R) -> Self {
        let body: String = (0..TOKEN_DIGITS - 1)
            .map(|_| char::from(b'0' + rng.random_range(0..10u8)))
            .collect();
        let check = luhn_check_digit(&body);
        BadgeToken(format!("{body}{check}"))
    }

    /// Accepts what a scanner or a person typed: spaces and dashes anywhere are ignored (the
    /// badge prints `8963 7786 5036`; people type `8963-7786-5036`), full-width digits, spaces
    /// and dashes (from a Chinese input method) are read as their ASCII forms. `None` unless
    /// what is left is 12 digits with a correct check digit.
    pub fn parse(input: &str) -> Option<Self> {
        let digits: String = input
            .chars()
            .filter(|c| !is_digit_separator(*c))
            .map(|c| match c {
                '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
                other => other,
            })
            .collect();
        let well_formed = digits.len() == TOKEN_DIGITS
            && digits.bytes().all(|b| b.is_ascii_digit())
            && luhn_check_digit(&digits[..TOKEN_DIGITS - 1])
                == char::from(digits.as_bytes()[TOKEN_DIGITS - 1]);
        well_formed.then_some(BadgeToken(digits))
    }

    /// The digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The token as the badge prints it, in groups of four: `8963 7786 5036`.
    pub fn grouped(&self) -> String {
        let mut out = String::with_capacity(TOKEN_DIGITS + 2);
        for (i, c) in self.0.chars().enumerate() {
            if i > 0 && i % 4 == 0 {
                out.push(' ');
            }
            out.push(c);
        }
        out
    }
}

/// Spaces and dashes between groups of digits, in their ASCII, full-width and typographic
/// forms, and the line ends a scanner sends.
fn is_digit_separator(c: char) -> bool {
    c.is_whitespace() || matches!(c, '-' | '－' | '‐' | '‑' | '‒' | '–' | '—' | '_')
}

impl std::fmt::Display for BadgeToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The Luhn check digit for a string of ASCII digits.
pub fn luhn_check_digit(body: &str) -> char {
    // Doubling starts at the rightmost digit of the body, since the check digit follows it.
    let sum: u32 = body
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            if i % 2 == 0 {
                let doubled = d * 2;
                if doubled > 9 {
                    doubled - 9
                } else {
                    doubled
                }
            } else {
                d
            }
        })
        .sum();
    char::from(b'0' + ((10 - sum % 10) % 10) as u8)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn known_luhn_values() {
        // 7992739871 → 3 is the textbook example.
        assert_eq!(luhn_check_digit("7992739871"), '3');
        assert_eq!(luhn_check_digit("00000000000"), '0');
    }

    #[test]
    fn generated_tokens_parse_and_one_wrong_digit_is_caught() {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
        for _ in 0..200 {
            let token = BadgeToken::generate(&mut rng);
            assert_eq!(token.as_str().len(), TOKEN_DIGITS);
            assert_eq!(BadgeToken::parse(token.as_str()), Some(token.clone()));
            let mut bytes = token.as_str().as_bytes().to_vec();
            bytes[3] = if bytes[3] == b'9' { b'0' } else { bytes[3] + 1 };
            let typo = String::from_utf8(bytes).expect("ascii");
            assert_eq!(BadgeToken::parse(&typo), None, "{typo}");
        }
    }

    #[test]
    fn scanner_input_variants() {
        let good = format!("79927398710{}", luhn_check_digit("79927398710"));
        let full_width: String = good
            .chars()
            .map(|c| char::from_u32(c as u32 - '0' as u32 + '０' as u32).expect("digit"))
            .collect();
        let cases = [
            (format!(" {good}\r\n"), true),
            (full_width, true),
            ("abc".to_owned(), false),
            (
                format!("{} {} {}", &good[..4], &good[4..8], &good[8..]),
                true,
            ),
            (
                format!("{}-{}-{}", &good[..4], &good[4..8], &good[8..]),
                true,
            ),
            (
                format!("{}－{}\u{3000}{}", &good[..4], &good[4..8], &good[8..]),
                true,
            ),
            (format!("{}x{}", &good[..4], &good[4..]), false),
            (good[..11].to_owned(), false),
            (format!("{good}0"), false),
        ];
        for (input, ok) in cases {
            assert_eq!(BadgeToken::parse(&input).is_some(), ok, "{input:?}");
        }
        let token = BadgeToken::parse(&good).expect("good");
        assert_eq!(BadgeToken::parse(&token.grouped()), Some(token.clone()));
    }
}
