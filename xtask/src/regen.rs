//! `cargo xtask regen [--check]`: the spec → generated client step.
//!
//! The generator settings live here, and only here:
//!
//! - **Positional interface.** The SDK crate is the ergonomic layer; the generated
//!   methods are called from one place each, so plain positional arguments are the
//!   simplest thing to wrap (a builder would only be wrapped by another builder).
//! - **Inner type `crate::Attempt`.** A value stored in the generated `Client` and read
//!   by the hand-written `ClientHooks` impl in `crates/lark-helpdesk-api/src/lib.rs`. The
//!   SDK builds one client per attempt around it (the client is a base URL and a
//!   `reqwest::Client` handle), so the credentials, user agent and timeout of a request
//!   are values of its attempt, and what the answer said comes back the same way.
//!   progenitor ignores `securitySchemes`; declaring the auth headers as parameters would
//!   add an argument to every call, so they stay security schemes in the spec.
//! - **Hooks expected.** The crate must implement `ClientHooks<Attempt>` for `Client`;
//!   forgetting it is a compile error instead of a silently unauthenticated client.
//! - **Extra derives `PartialEq`.** Tests compare decoded values directly.
//! - **One type replacement: `JsonEncodedString` → `crate::JsonEncodedString`.** A
//!   message's `content` is JSON encoded once more as a string, most of a message's bytes
//!   and full of escapes; the replacement keeps the literal as sent (a `serde_json`
//!   `RawValue`), so a page's decode does not unescape it and an export does not escape it
//!   again (`docs/perf.md` has what that saves). Every other type is the generator's own,
//!   decoded by serde's derive.
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
/// The operation table: the spec's facts about each operation, as data.
const OPERATIONS: &str = "crates/lark-helpdesk-api/src/operations.rs";
/// The copy of the spec the api crate embeds (`SPEC_YAML`): inside the crate, so that the
/// published package holds it.
const SPEC_COPY: &str = "crates/lark-helpdesk-api/helpdesk.yaml";

const HEADER: &str = "\
// @generated from openapi/helpdesk.yaml by `cargo xtask regen`; do not edit.
//
// Change the spec (or the generator settings in xtask/src/regen.rs) and run
// `cargo xtask regen` instead. CI runs `cargo xtask regen --check`.

";

/// Regenerates the client and the operation table, or with `check` compares them with the
/// checked-in files.
pub fn run(check: bool) -> Result<(), String> {
    run_at(&workspace_root(), check)
}

/// [`run`] on the workspace at `root` (a copy of this one, in the test of a new operation).
pub fn run_at(root: &Path, check: bool) -> Result<(), String> {
    let generated = generate(&root.join(SPEC))?;
    let table = generate_operations(&root.join(SPEC))?;
    let spec =
        fs::read_to_string(root.join(SPEC)).map_err(|e| format!("cannot read {SPEC}: {e}"))?;
    for (file, content) in [
        (SPEC_COPY, &spec),
        (OUTPUT, &generated),
        (OPERATIONS, &table),
    ] {
        let path = root.join(file);
        let current = fs::read_to_string(&path).ok();
        if check {
            let current =
                current.ok_or_else(|| format!("cannot read {file}; run `cargo xtask regen`"))?;
            if current != *content {
                let line = first_difference(&current, content);
                return Err(format!(
                    "{file} is out of date with {SPEC} (first difference at line {line}); \
                     run `cargo xtask regen` and commit the result"
                ));
            }
            println!("{file} is up to date with {SPEC}");
        } else if current.as_deref() == Some(content.as_str()) {
            println!("{file} unchanged");
        } else {
            fs::write(&path, content).map_err(|e| format!("cannot write {file}: {e}"))?;
            println!("{file} regenerated");
        }
    }
    Ok(())
}

/// The operation table (`operations.rs`) of the spec, header included.
pub fn generate_operations(spec_path: &Path) -> Result<String, String> {
    let text = fs::read_to_string(spec_path)
        .map_err(|e| format!("cannot read {}: {e}", spec_path.display()))?;
    let spec: serde_yaml::Value =
        serde_yaml::from_str(&text).map_err(|e| format!("{SPEC} is not YAML: {e}"))?;
    let source = crate::operations::generate(&spec)?;
    let file: syn::File = syn::parse_str(&source)
        .map_err(|e| format!("the generated operation table does not parse: {e}"))?;
    Ok(format!("{HEADER}{}", prettyplease::unparse(&file)))
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
        .with_inner_type(quote_path("crate::Attempt")?)
        .with_hooks(HooksMode::Expected)
        .with_derive("PartialEq")
        .with_replacement(
            "JsonEncodedString",
            "crate::JsonEncodedString",
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
