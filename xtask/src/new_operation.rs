//! The project's claim, as a test: an operation added to the spec works after `cargo
//! xtask regen` and nothing else. A copy of the workspace gets a new listing (page-token
//! pagination, a documented example); after regen, with no other change, the copy's CLI
//! calls it through the SDK against its fake server (`api`), lists it, and the harness
//! fails until the new operation's documented answers have a reviewed snapshot.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_yaml::Value;

use crate::{regen, workspace_root};

/// The operation added: a listing of "widgets", three documented items, paged by token.
const NEW_OPERATION: &str = r##"
get:
  operationId: list_widgets
  tags: [ticket]
  summary: List the widgets of a helpdesk.
  description: One page of widgets; `page_token` and `has_more` page through them.
  security:
    - tenantAccessToken: []
      helpdeskCredential: []
  x-pagination:
    style: page_token
    items: items
    item_id: widget_id
    token_param: page_token
    next_token: page_token
    has_more: has_more
    size_param: page_size
    size_max: 50
    size_default: 20
  parameters:
    - name: page_token
      in: query
      required: false
      description: The token of the page, from the page before.
      schema:
        type: string
    - name: page_size
      in: query
      required: false
      description: Widgets per page, at most 50.
      schema:
        type: integer
        format: int64
        minimum: 1
        maximum: 50
        default: 20
  responses:
    "200":
      description: A page of widgets.
      headers:
        X-Tt-Logid:
          $ref: "#/components/headers/LogId"
      content:
        application/json:
          schema:
            $ref: "#/components/schemas/WidgetsResponse"
          example:
            code: 0
            msg: success
            data:
              has_more: false
              items:
                - widget_id: "w1"
                  name: one
                - widget_id: "w2"
                  name: two
                - widget_id: "w3"
                  name: three
    "400":
      $ref: "#/components/responses/BadRequest"
"##;

const NEW_SCHEMAS: &str = r##"
WidgetsResponse:
  type: object
  description: The envelope of a page of widgets.
  required: [code]
  properties:
    code:
      type: integer
      format: int64
      description: Error code; anything but 0 is a failure.
    msg:
      type: string
      nullable: true
      description: Error description.
    data:
      $ref: "#/components/schemas/WidgetsData"
    error:
      $ref: "#/components/schemas/ErrorDetail"
WidgetsData:
  type: object
  description: A page of widgets.
  properties:
    items:
      type: array
      nullable: true
      description: The widgets of the page.
      items:
        $ref: "#/components/schemas/Widget"
    has_more:
      type: boolean
      nullable: true
      description: Whether more pages follow.
    page_token:
      type: string
      nullable: true
      description: The token of the next page.
Widget:
  type: object
  description: A widget.
  properties:
    widget_id:
      type: string
      nullable: true
      description: Its id.
    name:
      type: string
      nullable: true
      description: Its name.
"##;

/// Copies the files git tracks from `from` into `to` (made anew).
fn copy_tracked(from: &Path, to: &Path) {
    if to.exists() {
        fs::remove_dir_all(to).expect("remove the last copy");
    }
    let listed = Command::new("git")
        .args(["ls-files", "-z"])
        .current_dir(from)
        .output()
        .expect("git runs");
    assert!(listed.status.success(), "git ls-files");
    for name in listed.stdout.split(|b| *b == 0).filter(|n| !n.is_empty()) {
        let name = String::from_utf8_lossy(name).into_owned();
        let target = to.join(&name);
        fs::create_dir_all(target.parent().expect("a parent")).expect("mkdir");
        // A file removed but not yet committed is not copied.
        if from.join(&name).is_file() {
            fs::copy(from.join(&name), &target).expect("copy");
        }
    }
}

/// Adds [`NEW_OPERATION`] and its schemas to the copy's spec.
fn add_operation(spec_path: &Path) {
    let mut spec: Value =
        serde_yaml::from_str(&fs::read_to_string(spec_path).expect("spec")).expect("YAML");
    let operation: Value = serde_yaml::from_str(NEW_OPERATION).expect("the new operation");
    let schemas: Value = serde_yaml::from_str(NEW_SCHEMAS).expect("its schemas");
    spec["paths"]
        .as_mapping_mut()
        .expect("paths")
        .insert("/open-apis/helpdesk/v1/widgets".into(), operation);
    let known = spec["components"]["schemas"]
        .as_mapping_mut()
        .expect("schemas");
    for (name, schema) in schemas.as_mapping().expect("a map") {
        known.insert(name.clone(), schema.clone());
    }
    fs::write(spec_path, serde_yaml::to_string(&spec).expect("YAML")).expect("write");
}

fn cargo(copy: &Path, target: &Path, args: &[&str]) -> Output {
    Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(args)
        .current_dir(copy)
        .env("CARGO_TARGET_DIR", target)
        .env("CI", "true")
        .env("INSTA_UPDATE", "no")
        .env_remove("RUSTFLAGS")
        .output()
        .expect("cargo runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn a_new_operation_works_through_regen_alone() {
    let root = workspace_root();
    // The workspace's own target directory: the registry's crates are built once for both.
    let target: PathBuf = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"));
    let copy = target.join("new-operation-workspace");
    copy_tracked(&root, &copy);
    add_operation(&copy.join("openapi/helpdesk.yaml"));
    // The copy's binary must not replace this workspace's `lark-helpdesk`.
    let manifest = copy.join("crates/lark-helpdesk-cli/Cargo.toml");
    let cli = fs::read_to_string(&manifest).expect("the CLI's manifest");
    fs::write(
        &manifest,
        cli.replace(
            "name = \"lark-helpdesk\"\n",
            "name = \"lark-helpdesk-new-operation\"\n",
        ),
    )
    .expect("write");

    // `cargo xtask regen`, and nothing else.
    regen::run_at(&copy, false).expect("regen");
    let table = fs::read_to_string(copy.join("crates/lark-helpdesk-api/src/operations.rs"))
        .expect("the table");
    assert!(table.contains("pub const LIST_WIDGETS: Operation"));

    let built = cargo(
        &copy,
        &target,
        &["build", "--locked", "-p", "lark-helpdesk-cli"],
    );
    assert!(built.status.success(), "{}", text(&built.stderr));
    let binary = target.join("debug/lark-helpdesk-new-operation");
    let run = |args: &[&str]| {
        Command::new(&binary)
            .args(args)
            .env_remove("RUST_LOG")
            .output()
            .expect("the copy's CLI runs")
    };

    // The CLI lists it, and calls it through the SDK against the fake server, which serves
    // it from the spec: every documented widget once, a page at a time.
    let listed = run(&["api", "--list"]);
    assert!(
        text(&listed.stdout)
            .contains("list_widgets\tGET\t/open-apis/helpdesk/v1/widgets\ttenant\n"),
        "{}",
        text(&listed.stdout)
    );
    let walked = run(&[
        "--mock",
        "api",
        "list_widgets",
        "--param",
        "page_size=1",
        "--all",
    ]);
    assert!(walked.status.success(), "{}", text(&walked.stderr));
    let ids: Vec<String> = text(&walked.stdout)
        .lines()
        .map(|l| {
            let item: serde_json::Value = serde_json::from_str(l).expect("NDJSON");
            item["widget_id"].as_str().unwrap_or_default().to_owned()
        })
        .collect();
    assert_eq!(ids, ["w1", "w2", "w3"]);
    let refused = run(&["--mock", "api", "list_widgets", "--param", "page_size=51"]);
    assert_eq!(refused.status.code(), Some(2), "the spec's bound holds");

    // The harness replays its documented answers, and fails until they have a reviewed
    // snapshot.
    let harness = cargo(
        &copy,
        &target,
        &[
            "test",
            "--locked",
            "-p",
            "lark-helpdesk-conformance",
            "--test",
            "operations",
        ],
    );
    let output = format!("{}{}", text(&harness.stdout), text(&harness.stderr));
    assert!(!harness.status.success(), "{output}");
    assert!(
        output.contains("snapshot assertion for 'list_widgets' failed"),
        "{output}"
    );

    // `check` calls it and checks its answer against the spec.
    let checked = run(&["--mock", "check"]);
    let report = format!("{}{}", text(&checked.stdout), text(&checked.stderr));
    assert!(report.contains("list_widgets"), "{report}");

    fs::remove_dir_all(&copy).ok();
}
