//! The demo data's word lists, compiled in from `assets/demo/`.

/// Lines of a list file without comments and blank lines.
fn lines(text: &'static str) -> impl Iterator<Item = &'static str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// Surnames with their weights.
pub fn surnames() -> Vec<(&'static str, f64)> {
    lines(include_str!("../../../../assets/demo/surnames.tsv"))
        .filter_map(|l| {
            let (name, weight) = l.split_once('\t')?;
            Some((name, weight.trim().parse().ok()?))
        })
        .collect()
}

/// Given-name characters by section: male, female, common, rare.
pub struct GivenNameChars {
    /// Mostly men's names.
    pub male: Vec<char>,
    /// Mostly women's names.
    pub female: Vec<char>,
    /// Either.
    pub common: Vec<char>,
    /// Uncommon characters that fonts often lack; a few names carry one.
    pub rare: Vec<char>,
}

/// The given-name character pools.
pub fn given_name_chars() -> GivenNameChars {
    let mut pools = GivenNameChars {
        male: Vec::new(),
        female: Vec::new(),
        common: Vec::new(),
        rare: Vec::new(),
    };
    let mut section = "";
    for line in lines(include_str!("../../../../assets/demo/given-names.txt")) {
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            section = name;
            continue;
        }
        let pool = match section {
            "male" => &mut pools.male,
            "female" => &mut pools.female,
            "common" => &mut pools.common,
            _ => &mut pools.rare,
        };
        pool.extend(line.chars());
    }
    pools
}

/// Colleges with their majors, in code order.
pub fn colleges() -> Vec<(&'static str, Vec<&'static str>)> {
    lines(include_str!("../../../../assets/demo/colleges.tsv"))
        .filter_map(|l| {
            let (college, majors) = l.split_once('\t')?;
            Some((college, majors.split('、').collect()))
        })
        .collect()
}

/// Cities with weights and whether they are abroad.
pub fn cities() -> Vec<(&'static str, f64, bool)> {
    lines(include_str!("../../../../assets/demo/cities.tsv"))
        .filter_map(|l| {
            let mut parts = l.split('\t');
            let city = parts.next()?;
            let weight = parts.next()?.parse().ok()?;
            let abroad = parts.next()? == "1";
            Some((city, weight, abroad))
        })
        .collect()
}

/// Employers.
pub fn employers() -> Vec<&'static str> {
    lines(include_str!("../../../../assets/demo/employers.txt")).collect()
}

/// Job titles.
pub fn job_titles() -> Vec<&'static str> {
    lines(include_str!("../../../../assets/demo/job-titles.txt")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_list_parses_completely() {
        assert!(surnames().len() >= 100);
        assert!(surnames().iter().any(|(s, _)| *s == "欧阳"));
        let pools = given_name_chars();
        assert!(pools.male.len() > 50 && pools.female.len() > 40);
        assert!(!pools.common.is_empty() && !pools.rare.is_empty());
        assert_eq!(colleges().len(), 16);
        assert!(colleges().iter().all(|(_, majors)| majors.len() >= 2));
        assert!(cities().iter().filter(|c| c.2).count() >= 5);
        assert!(employers().len() > 40);
        assert!(job_titles().len() > 10);
    }
}
