//! `lark-helpdesk`: see `lark-helpdesk --help` and the crate's README.

fn main() -> std::process::ExitCode {
    lark_helpdesk_cli::main()
}
