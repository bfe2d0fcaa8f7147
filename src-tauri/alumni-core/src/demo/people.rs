//! Plausible people: names, phones, ID numbers, e-mail addresses.

use std::collections::HashSet;

use rand::distr::weighted::WeightedIndex;
use rand::distr::Distribution;
use rand::seq::IndexedRandom;
use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::sources::{self, GivenNameChars};
use crate::members::Gender;

/// Draws names, keeping phones and ID numbers unique.
pub struct PeopleMaker {
    surnames: Vec<&'static str>,
    surname_weights: WeightedIndex<f64>,
    given: GivenNameChars,
    phones: HashSet<String>,
    id_numbers: HashSet<String>,
}

const PHONE_PREFIXES: &[&str] = &[
    "130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152", "153",
    "155", "156", "157", "158", "159", "166", "176", "177", "178", "180", "181", "182", "183",
    "185", "186", "187", "188", "189", "198", "199",
];

/// Six-digit region codes of ID numbers (a district in each of several provinces).
const REGIONS: &[&str] = &[
    "310104", "310110", "320102", "320505", "330106", "330203", "340104", "110101", "440305",
    "420106", "510107", "610113", "370102", "430104", "410105", "350102", "120101", "500103",
    "360102", "210102",
];

impl PeopleMaker {
    /// Loads the word lists.
    pub fn new() -> Self {
        let list = sources::surnames();
        let surname_weights =
            WeightedIndex::new(list.iter().map(|(_, w)| *w)).unwrap_or_else(|_| {
                // The list is compiled in and tested; equal weights are a safe fallback.
                WeightedIndex::new([1.0]).unwrap_or_else(|_| unreachable!())
            });
        PeopleMaker {
            surnames: list.into_iter().map(|(s, _)| s).collect(),
            surname_weights,
            given: sources::given_name_chars(),
            phones: HashSet::new(),
            id_numbers: HashSet::new(),
        }
    }

    /// A surname drawn by real frequency.
    pub fn surname(&self, rng: &mut ChaCha8Rng) -> &'static str {
        self.surnames[self.surname_weights.sample(rng)]
    }

    /// A full name: surname and one or two given-name characters.
    pub fn name(&self, rng: &mut ChaCha8Rng, gender: Gender) -> String {
        let mut name = self.surname(rng).to_owned();
        let pool = match gender {
            Gender::Male => &self.given.male,
            Gender::Female => &self.given.female,
        };
        let pick = |rng: &mut ChaCha8Rng| -> char {
            let roll = rng.random_range(0..100);
            let from = if roll < 2 {
                &self.given.rare
            } else if roll < 20 {
                &self.given.common
            } else {
                pool
            };
            *from.choose(rng).unwrap_or(&'明')
        };
        let length = if rng.random_range(0..100) < 15 { 1 } else { 2 };
        for _ in 0..length {
            name.push(pick(rng));
        }
        name
    }

    /// A mobile number not handed out before.
    pub fn phone(&mut self, rng: &mut ChaCha8Rng) -> String {
        loop {
            let prefix = PHONE_PREFIXES.choose(rng).unwrap_or(&"138");
            let phone = format!("{prefix}{:08}", rng.random_range(0..100_000_000u32));
            if self.phones.insert(phone.clone()) {
                return phone;
            }
        }
    }

    /// An 18-character ID number with a correct check character, not handed out before.
    pub fn id_number(&mut self, rng: &mut ChaCha8Rng, birth_year: i32, gender: Gender) -> String {
        loop {
            let region = REGIONS.choose(rng).unwrap_or(&"310104");
            let month = rng.random_range(1..=12);
            let day = rng.random_range(1..=28);
            let mut sequence = rng.random_range(0..500u32) * 2;
            if gender == Gender::Male {
                sequence += 1;
            }
            let body = format!("{region}{birth_year:04}{month:02}{day:02}{sequence:03}");
            let id = format!("{body}{}", id_check_char(&body));
            if self.id_numbers.insert(id.clone()) {
                return id;
            }
        }
    }
}

/// The check character of a resident ID number (GB 11643, ISO 7064 MOD 11-2).
pub fn id_check_char(body17: &str) -> char {
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const CHECK: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];
    let sum: u32 = body17
        .bytes()
        .zip(WEIGHTS)
        .map(|(b, w)| u32::from(b.wrapping_sub(b'0')) * w)
        .sum();
    CHECK[(sum % 11) as usize]
}

/// An e-mail address built from the pinyin of a name.
pub fn email(rng: &mut ChaCha8Rng, pinyin: &str, year: i32) -> String {
    const DOMAINS: &[&str] = &[
        "qq.com",
        "163.com",
        "126.com",
        "gmail.com",
        "outlook.com",
        "sina.com",
    ];
    let domain = DOMAINS.choose(rng).unwrap_or(&"163.com");
    format!(
        "{pinyin}{:02}{}@{domain}",
        year % 100,
        rng.random_range(0..100)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn id_check_character_matches_the_standard_example() {
        // The example number from GB 11643: 11010519491231002X.
        assert_eq!(id_check_char("11010519491231002"), 'X');
    }

    #[test]
    fn names_phones_and_ids_are_plausible_and_unique() {
        let mut maker = PeopleMaker::new();
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        let mut phones = HashSet::new();
        for _ in 0..2000 {
            let name = maker.name(&mut rng, Gender::Female);
            let chars = name.chars().count();
            assert!((2..=4).contains(&chars), "{name}");
            let phone = maker.phone(&mut rng);
            assert!(phone.len() == 11 && phone.starts_with('1'));
            assert!(phones.insert(phone));
            let id = maker.id_number(&mut rng, 1990, Gender::Male);
            assert_eq!(id.len(), 18);
            assert_eq!(id.chars().last(), Some(id_check_char(&id[..17])));
            // The 17th digit is odd for men.
            assert_eq!((id.as_bytes()[16] - b'0') % 2, 1);
        }
    }
}
