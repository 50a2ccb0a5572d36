#![doc = include_str!("../README.md")]
//!
//! # Modules
//!
//! The binary's `main` is [`main`]; the library exists so that the pieces are documented
//! and unit-tested on their own: [`args`] (the command line), [`config`] (credentials),
//! [`tickets`], [`export`] and [`store`] (its directory), [`db`] (a SQLite database of
//! an export directory), [`events`] (where events come
//! from), [`listen`] and [`follow`] (`export --follow`), [`signals`] (Ctrl-C), [`check`] and [`contract`] (answers against the spec), [`messages`] and [`output`] (fetching and writing), `mock`
//! (the fake server, with the default `mock` feature),
//! [`api`] (any operation of the spec), [`exit`] (errors and exit codes), [`run`] (dispatch
//! and logs).

use std::process::ExitCode;

use clap::Parser;

pub mod api;
pub mod args;
pub mod auth;
pub mod check;
pub mod config;
pub mod contract;
pub mod db;
pub mod events;
pub mod exit;
pub mod export;
pub mod follow;
pub mod listen;
pub mod messages;
#[cfg(feature = "mock")]
pub mod mock;
pub mod output;
pub mod run;
pub mod signals;
pub mod store;
pub mod tickets;

/// Parses the command line, runs it, reports any error on stderr, and returns the exit
/// code (see [`exit`]).
pub fn main() -> ExitCode {
    let cli = args::Cli::parse();
    run::init_tracing();
    match run::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => e.exit(),
    }
}
