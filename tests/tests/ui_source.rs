//! Static checks of `ui/`: both translation tables carry the same keys and placeholders, every
//! literal `t('key')` exists in both, no module writes HTML from strings, every error kind is
//! phrased, and the record form's fields, limits and labels are the core's table of fields.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn ui_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace")
        .join("ui")
}

/// `"key": "text",` lines of a translation table.
fn table(file: &str) -> BTreeMap<String, String> {
    let text = std::fs::read_to_string(ui_dir().join("i18n").join(file)).expect("read table");
    text.lines()
        .filter_map(|line| {
            let line = line.trim();
            let rest = line.strip_prefix('"')?;
            let (key, rest) = rest.split_once("\": ")?;
            let value = rest.trim_end_matches(',').trim_matches('"');
            Some((key.to_owned(), value.to_owned()))
        })
        .collect()
}

fn placeholders(text: &str) -> BTreeSet<String> {
    text.split('{')
        .skip(1)
        .filter_map(|part| part.split_once('}').map(|(name, _)| name.to_owned()))
        .filter(|name| name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
        .collect()
}

fn modules() -> Vec<(PathBuf, String)> {
    fn walk(dir: &Path, out: &mut Vec<(PathBuf, String)>) {
        for entry in std::fs::read_dir(dir).expect("list").flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "js" || e == "html") {
                let text = std::fs::read_to_string(&path).expect("read");
                out.push((path, text));
            }
        }
    }
    let mut out = Vec::new();
    walk(&ui_dir(), &mut out);
    out
}

#[test]
fn both_languages_have_the_same_keys_and_placeholders() {
    let zh = table("zh-CN.js");
    let en = table("en.js");
    assert!(zh.len() > 100, "parsed {} keys", zh.len());
    let zh_keys: BTreeSet<_> = zh.keys().collect();
    let en_keys: BTreeSet<_> = en.keys().collect();
    assert_eq!(
        zh_keys.symmetric_difference(&en_keys).collect::<Vec<_>>(),
        Vec::<&&String>::new(),
        "keys in only one language"
    );
    for (key, text) in &zh {
        // Date patterns use different parts per language on purpose (月 number vs month name).
        if key.starts_with("date.") {
            continue;
        }
        assert_eq!(
            placeholders(text),
            placeholders(&en[key]),
            "placeholders of {key}"
        );
    }
}

#[test]
fn every_literal_key_used_exists() {
    let zh = table("zh-CN.js");
    let mut missing = Vec::new();
    for (path, text) in modules() {
        if path.components().any(|c| c.as_os_str() == "i18n") {
            continue;
        }
        for quote in ['\'', '"'] {
            let opener = format!("t({quote}");
            for (at, _) in text.match_indices(&opener) {
                // Only the function t(…), not e.g. split('…').
                let before = text[..at].chars().last();
                if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.') {
                    continue;
                }
                let rest = &text[at + opener.len()..];
                if let Some(end) = rest.find(quote) {
                    let key = &rest[..end];
                    if !zh.contains_key(key) {
                        missing.push(format!("{}: {key}", path.display()));
                    }
                }
            }
        }
    }
    assert!(
        missing.is_empty(),
        "keys missing from the tables: {missing:#?}"
    );
}

#[test]
fn no_module_writes_html_or_inline_script() {
    for (path, text) in modules() {
        for forbidden in [
            "innerHTML",
            "outerHTML",
            "insertAdjacentHTML",
            "document.write",
            "eval(",
        ] {
            assert!(
                !text.contains(forbidden),
                "{} uses {forbidden}",
                path.display()
            );
        }
        if path.extension().is_some_and(|e| e == "html") {
            assert!(
                !text.contains("style="),
                "inline style in {}",
                path.display()
            );
            assert!(
                !text.contains("<script>"),
                "inline script in {} breaks the CSP",
                path.display()
            );
        }
    }
}

/// The kinds declared in the core's one `ErrorKind` list (`Name = "kind",` lines of its macro).
fn error_kinds() -> Vec<String> {
    let source = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace")
        .join("src-tauri/alumni-core/src/error.rs");
    let text = std::fs::read_to_string(source).expect("read error.rs");
    let start = text.find("error_kinds! {").expect("the list of kinds");
    let end = start + text[start..].find("\n}").expect("its end");
    text[start..end]
        .lines()
        .filter_map(|line| {
            let (_, name) = line.trim().split_once(" = \"")?;
            Some(name.trim_end_matches("\",").to_owned())
        })
        .collect()
}

#[test]
fn every_error_kind_is_phrased_in_both_languages_and_shown_by_the_ui() {
    let kinds = error_kinds();
    assert!(kinds.len() >= 20, "parsed {kinds:?}");
    let errors_js =
        std::fs::read_to_string(ui_dir().join("components/errors.js")).expect("errors.js");
    for file in ["zh-CN.js", "en.js"] {
        let phrases = table(file);
        for kind in &kinds {
            assert!(
                phrases.contains_key(&format!("error.{kind}")),
                "{file} has no sentence for error kind {kind}"
            );
        }
    }
    for kind in &kinds {
        assert!(
            errors_js.contains(&format!("'{kind}'")),
            "components/errors.js does not phrase kind {kind}"
        );
    }
}

/// One entry of `MEMBER_FIELDS` in `ui/components/member-fields.js`.
#[derive(Debug, PartialEq)]
struct JsField {
    name: String,
    max: Option<usize>,
    sensitive: bool,
    export_default: bool,
}

/// The entries of `MEMBER_FIELDS`, one `{ name: '…', … }` a line.
fn js_member_fields() -> Vec<JsField> {
    let path = ui_dir().join("components").join("member-fields.js");
    let text = std::fs::read_to_string(path).expect("read member-fields.js");
    let start = text
        .find("export const MEMBER_FIELDS = [")
        .expect("MEMBER_FIELDS");
    let block = &text[start..];
    let block = &block[..block.find("];").expect("end of MEMBER_FIELDS")];
    let value = |line: &str, key: &str| -> Option<String> {
        let rest = &line[line.find(&format!("{key}: "))? + key.len() + 2..];
        let end = rest.find([',', ' ', '}']).unwrap_or(rest.len());
        Some(rest[..end].trim_matches('\'').to_owned())
    };
    block
        .lines()
        .filter(|line| line.trim_start().starts_with("{ name:"))
        .map(|line| JsField {
            name: value(line, "name").expect("name"),
            max: value(line, "max").map(|m| m.parse().expect("max is a number")),
            sensitive: value(line, "sensitive").as_deref() == Some("true"),
            export_default: value(line, "exportDefault").as_deref() != Some("false"),
        })
        .collect()
}

#[test]
fn the_record_form_follows_the_core_table_of_fields() {
    use alumni_core::members::fields::FIELDS;
    let expected: Vec<JsField> = FIELDS
        .iter()
        .map(|spec| JsField {
            name: spec.column.to_owned(),
            max: spec.max_chars,
            sensitive: spec.sensitive(),
            export_default: spec.exported_by_default,
        })
        .collect();
    assert_eq!(js_member_fields(), expected);
    // The labels the window shows are the table's, in both languages.
    let zh = table("zh-CN.js");
    let en = table("en.js");
    for spec in FIELDS {
        let key = format!("field.{}", spec.column);
        assert_eq!(zh.get(&key).map(String::as_str), Some(spec.zh), "{key}");
        assert_eq!(en.get(&key).map(String::as_str), Some(spec.en), "{key}");
    }
}
