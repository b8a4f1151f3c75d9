//! Names from the data or the study file (constructs, models, centers, value labels) made
//! safe for the places they go: file names that stay inside the output folder on every
//! system, and text without the control characters XML forbids.

use sha2::{Digest, Sha256};

/// The longest stem kept, in bytes: with a prefix, suffix and ending a name stays well under
/// the 255 bytes of common file systems.
const MAX_STEM_BYTES: usize = 96;

/// Names Windows reserves for devices, whatever the ending.
const RESERVED: [&str; 22] = [
    "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8",
    "COM9", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
];

/// A file-name stem for `name`: letters and digits of any script, `-`, `_` and inner dots are
/// kept; any other character (a slash, a control character, `<`, a space) becomes `_`; a
/// leading dot, a Windows device name (CON, NUL, ...) and a trailing dot are avoided; long
/// names are cut at a character boundary. A name changed in any way gets 8 hex digits of its
/// SHA-256, so that two names never share a file ("a/b" and "a_b" differ). Safe names are
/// kept as they are.
pub fn safe_stem(name: &str) -> String {
    let mut s: String = name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' || c == '.' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if s.starts_with('.') {
        s.replace_range(..1, "_");
    }
    if s.ends_with('.') {
        s.pop();
        s.push('_');
    }
    let device = s.split('.').next().unwrap_or_default().to_ascii_uppercase();
    if RESERVED.contains(&device.as_str()) {
        s.insert(0, '_');
    }
    if s.len() > MAX_STEM_BYTES {
        let mut cut = MAX_STEM_BYTES;
        while !s.is_char_boundary(cut) {
            cut -= 1;
        }
        s.truncate(cut);
    }
    if s.is_empty() || s != name {
        let digest = Sha256::digest(name.as_bytes());
        s.push_str(&format!(
            "-{:02x}{:02x}{:02x}{:02x}",
            digest[0], digest[1], digest[2], digest[3]
        ));
    }
    s
}

/// `text` without the control characters XML 1.0 cannot hold (tab, line feed and carriage
/// return stay): a bell in a value label would make a .docx or .xlsx unreadable.
pub fn xml_text(text: &str) -> std::borrow::Cow<'_, str> {
    let bad = |c: char| {
        c.is_control() && !matches!(c, '\t' | '\n' | '\r') && (c as u32) < 0x20
            || c == '\u{FFFE}'
            || c == '\u{FFFF}'
    };
    // Scanned as bytes: the characters at issue are ASCII controls or U+FFFE/U+FFFF (UTF-8
    // EF BF BE/BF), and a chart's SVG is long.
    let suspect = text
        .as_bytes()
        .iter()
        .any(|&b| (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r')) || b == 0xEF);
    if suspect && text.chars().any(bad) {
        text.chars()
            .map(|c| if bad(c) { '\u{FFFD}' } else { c })
            .collect::<String>()
            .into()
    } else {
        text.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_names_become_stems_that_stay_in_their_folder() {
        for (name, stem) in [
            ("process", "process"),
            ("绩效_wild_bootstrap", "绩效_wild_bootstrap"),
            ("center-07", "center-07"),
        ] {
            assert_eq!(safe_stem(name), stem);
        }
        for name in [
            "../x",
            "..",
            ".",
            "a/b",
            "a\\b",
            "CON",
            "con.txt",
            "Lpt1",
            "<script>",
            "bell\u{7}",
            "x.",
            "",
            " ",
            "a b",
            "a:b",
            "a*b?",
        ] {
            let s = safe_stem(name);
            assert!(
                !s.is_empty()
                    && !s.starts_with('.')
                    && !s.ends_with('.')
                    && s.chars().all(|c| c.is_alphanumeric() || "-_.".contains(c))
                    && !RESERVED
                        .contains(&s.split('.').next().unwrap().to_ascii_uppercase().as_str()),
                "{name:?} -> {s:?}"
            );
        }
        assert_ne!(safe_stem("a/b"), safe_stem("a_b"));
        assert_ne!(safe_stem("a/b"), safe_stem("a:b"));
        let long = "策".repeat(300);
        let s = safe_stem(&long);
        assert!(s.len() <= MAX_STEM_BYTES + 9, "{}", s.len());
        assert_ne!(s, safe_stem(&"策".repeat(301)));
        assert_eq!(xml_text("a\u{7}b\tc"), "a\u{FFFD}b\tc");
    }
}
