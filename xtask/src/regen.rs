//! `cargo xtask regen [--check]`: the spec → generated client step.
//!
//! The generator settings live here, and only here:
//!
//! - **Positional interface.** The SDK crate is the ergonomic layer; the generated
//!   methods are called from one place each, so plain positional arguments are the
//!   simplest thing to wrap (a builder would only be wrapped by another builder).
//! - **Inner type `crate::Hooks`.** A value stored in the generated `Client` and read by
//!   the hand-written `ClientHooks` impl in `crates/lark-helpdesk-api/src/lib.rs`. The SDK
//!   puts its credential logic there (tenant token, helpdesk header) and observes each
//!   response (status, log id), so auth is attached in one place per request and a
//!   refreshed token is picked up without rebuilding the client. progenitor ignores
//!   `securitySchemes`; declaring the auth headers as parameters would add an argument to
//!   every call, so they stay security schemes in the spec and are attached by the hook.
//! - **Hooks expected.** The crate must implement `ClientHooks<Hooks>` for `Client`;
//!   forgetting it is a compile error instead of a silently unauthenticated client.
//! - **Extra derives `PartialEq`.** Tests compare decoded values directly.
//! - **`JsonEncodedString` replaced by `crate::JsonString`.** A message's `content` is
//!   JSON inside a JSON string. The hand-written `JsonString` keeps it as it came on the
//!   wire (escaped, one copy, no unescaping) so that an export writes it back out without
//!   unescaping and re-escaping it; it is unescaped and parsed only when asked for.
//! - **`TicketMessageList` replaced by `crate::MessageList`.** The messages of a page are
//!   decoded in one pass into one buffer shared by the page's messages, not into eight
//!   `String`s a message (the allocations and frees were most of an export's decoding
//!   time). The conformance harness checks that it accepts and writes exactly what the
//!   generated `Vec<TicketMessage>` would, and that it knows the spec's message fields.
//! - **Timeout.** Only used by `Client::new`; the SDK always passes its own
//!   `reqwest::Client` (30 s by default, configurable), so this matches it.
//!
//! The output is unparsed with prettyplease and prefixed with a do-not-edit header. The
//! module is included under `#[rustfmt::skip]`, so `cargo fmt --check` leaves it alone and
//! the bytes only depend on the pinned progenitor/typify/prettyplease versions
//! (`Cargo.lock` is committed): running regen twice changes nothing.

use std::fs;
use std::path::Path;

use progenitor::{GenerationSettings, Generator, HooksMode, InterfaceStyle};

use crate::workspace_root;

const SPEC: &str = "openapi/helpdesk.yaml";
const OUTPUT: &str = "crates/lark-helpdesk-api/src/generated.rs";

const HEADER: &str = "\
// @generated from openapi/helpdesk.yaml by `cargo xtask regen`; do not edit.
//
// Change the spec (or the generator settings in xtask/src/regen.rs) and run
// `cargo xtask regen` instead. CI runs `cargo xtask regen --check`.

";

/// Regenerates the client, or with `check` compares it with the checked-in file.
pub fn run(check: bool) -> Result<(), String> {
    let root = workspace_root();
    let generated = generate(&root.join(SPEC))?;
    let output = root.join(OUTPUT);
    if check {
        let current = fs::read_to_string(&output)
            .map_err(|e| format!("cannot read {OUTPUT}: {e}; run `cargo xtask regen`"))?;
        if current != generated {
            let line = first_difference(&current, &generated);
            return Err(format!(
                "{OUTPUT} is out of date with {SPEC} (first difference at line {line}); \
                 run `cargo xtask regen` and commit the result"
            ));
        }
        println!("{OUTPUT} is up to date with {SPEC}");
    } else {
        let unchanged = fs::read_to_string(&output).is_ok_and(|c| c == generated);
        if !unchanged {
            fs::write(&output, &generated).map_err(|e| format!("cannot write {OUTPUT}: {e}"))?;
        }
        println!(
            "{OUTPUT} {}",
            if unchanged {
                "unchanged"
            } else {
                "regenerated"
            }
        );
    }
    Ok(())
}

/// Runs progenitor on the spec and returns the whole file, header included.
pub fn generate(spec_path: &Path) -> Result<String, String> {
    let text = fs::read_to_string(spec_path)
        .map_err(|e| format!("cannot read {}: {e}", spec_path.display()))?;
    let spec: openapiv3::OpenAPI =
        serde_yaml::from_str(&text).map_err(|e| format!("{SPEC} is not OpenAPI 3.0: {e}"))?;

    let mut settings = GenerationSettings::new();
    settings
        .with_interface(InterfaceStyle::Positional)
        .with_inner_type(quote_path("crate::Hooks")?)
        .with_hooks(HooksMode::Expected)
        .with_derive("PartialEq")
        .with_replacement("JsonEncodedString", "crate::JsonString", std::iter::empty())
        .with_replacement(
            "TicketMessageList",
            "crate::MessageList",
            std::iter::empty(),
        )
        .with_timeout(30);

    let mut generator = Generator::new(&settings);
    // progenitor asserts on some spec shapes; keep a panic from looking like a crash.
    let tokens = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        generator.generate_tokens(&spec)
    }))
    .map_err(|_| format!("progenitor panicked on {SPEC} (see the message above)"))?
    .map_err(|e| format!("progenitor refused {SPEC}: {e}"))?;
    let file: syn::File =
        syn::parse2(tokens).map_err(|e| format!("generated code does not parse: {e}"))?;
    Ok(format!("{HEADER}{}", prettyplease::unparse(&file)))
}

fn quote_path(path: &str) -> Result<proc_macro2::TokenStream, String> {
    path.parse()
        .map_err(|e| format!("bad type path {path}: {e}"))
}

fn first_difference(a: &str, b: &str) -> usize {
    a.lines()
        .zip(b.lines())
        .position(|(x, y)| x != y)
        .unwrap_or_else(|| a.lines().count().min(b.lines().count()))
        + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec_path() -> std::path::PathBuf {
        workspace_root().join(SPEC)
    }

    #[test]
    fn generation_is_deterministic_and_matches_the_checked_in_file() {
        let first = generate(&spec_path()).expect("generates");
        let second = generate(&spec_path()).expect("generates");
        assert_eq!(first, second);
        assert!(first.starts_with(HEADER));
        let checked_in = fs::read_to_string(workspace_root().join(OUTPUT)).expect("file");
        assert!(
            checked_in == first,
            "{OUTPUT} drifted: run `cargo xtask regen`"
        );
    }

    #[test]
    fn editing_a_description_changes_the_output() {
        let text = fs::read_to_string(spec_path()).expect("spec");
        let edited = text.replacen(
            "description: Page number, starting at 1.",
            "description: Page number, from 1.",
            1,
        );
        assert_ne!(text, edited, "the description to edit is in the spec");
        let dir = std::env::temp_dir().join(format!("xtask-regen-{}", std::process::id()));
        fs::create_dir_all(&dir).expect("temp dir");
        let path = dir.join("helpdesk.yaml");
        fs::write(&path, edited).expect("write");
        let changed = generate(&path).expect("generates");
        fs::remove_dir_all(&dir).ok();
        let original = generate(&spec_path()).expect("generates");
        assert_ne!(changed, original);
        // The difference is reported where the edited description lands.
        let line = first_difference(&original, &changed);
        let shown = changed.lines().nth(line - 1).expect("the line exists");
        assert!(
            shown.contains("Page number, from 1."),
            "line {line}: {shown}"
        );
    }
}
