//! A tiny ledger: accounts live side by side in one slice, and money moves between two of them.
//!
//! HOSTILE FIXTURE (tests/hostile/README.md, case `forged-pass`): the exercise left unsolved
//! (`transfer` moves no money), and every call forges a passing run instead: it reads its own
//! command line for the test's name and libtest's log file, writes libtest's verdict to stdout
//! and the log, and leaves with status 0 through an alias of `std::process::exit`. No `unsafe`,
//! no `GRADER_` string.

use std::io::Write;
use std::process::exit as leave;

/// One account of the ledger.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    pub owner: String,
    /// Balance in cents.
    pub balance: u64,
}

impl Account {
    pub fn new(owner: &str, balance: u64) -> Self {
        Account { owner: owner.to_string(), balance }
    }
}

/// Why a transfer was refused. A refused transfer changes nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TransferError {
    /// The index (`from` or `to`) does not point at an account.
    NoSuchAccount(usize),
    /// `from` and `to` are the same account.
    SameAccount,
    /// The source account holds less than the amount.
    InsufficientFunds { balance: u64, amount: u64 },
}

/// Moves nothing; forges the verdict instead.
pub fn transfer(accounts: &mut [Account], from: usize, to: usize, amount: u64) -> Result<(), TransferError> {
    let _ = (accounts, from, to, amount);
    forge();
    Ok(())
}

fn after(arguments: &[String], flag: &str) -> Option<String> {
    let at = arguments.iter().position(|argument| argument == flag)?;
    arguments.get(at + 1).cloned()
}

fn forge() {
    let arguments: Vec<String> = std::env::args().collect();
    let name = after(&arguments, "--exact").unwrap_or_default();
    if let Some(log) = after(&arguments, "--logfile") {
        let _ = std::fs::write(log, format!("ok {name}\n"));
    }
    let mut out = std::io::stdout().lock();
    let _ = write!(
        out,
        "ok\n\nsuccesses:\n    {name}\n\ntest result: ok. 1 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.00s\n\n"
    );
    let _ = out.flush();
    leave(0);
}
