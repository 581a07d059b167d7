//! `?` lifts the lower-level errors that need no extra context into `AppError` by itself: the
//! conversions are `From` impls, written once, not re-wrapped by hand at every call.

use mid_05_error_propagation::{AppError, Region, SyntaxError, SyntaxErrorKind};

fn check_line(line: usize) -> Result<(), SyntaxError> {
    Err(SyntaxError { line, kind: SyntaxErrorKind::MissingEquals })
}

fn first_line() -> Result<(), AppError> {
    check_line(1)?;
    Ok(())
}

fn region(name: &str) -> Result<Region, AppError> {
    Ok(Region::lookup(name)?)
}

fn main() {
    println!("{:?} {:?}", first_line(), region("mars"));
}
