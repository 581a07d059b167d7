// `Context` works on any `Result` whose error is a standard error that is `Send + Sync + 'static`,
// including error types the crate has never heard of, and the cause can still be downcast.
use std::error::Error;
use std::fmt;

use senior_07_errors_at_scale::app::{AppError, Context};

#[derive(Debug)]
struct DepotOffline {
    depot: u32,
}

impl fmt::Display for DepotOffline {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "depot {} is offline", self.depot)
    }
}

impl Error for DepotOffline {}

fn sync(depot: u32) -> Result<u32, DepotOffline> {
    Err(DepotOffline { depot })
}

fn main() {
    let first: AppError = sync(7).context("syncing the depots").unwrap_err();
    let second: AppError = sync(8).with_context(|| format!("syncing depot {}", 8)).unwrap_err();
    let third = AppError::new("restarting the depot", DepotOffline { depot: 9 });
    for err in [first, second, third] {
        let cause = err.source().and_then(|cause| cause.downcast_ref::<DepotOffline>());
        println!("{}: {:?}", err.context(), cause.map(|cause| cause.depot));
    }
}
