//! The process layer, the only way candidate code runs: the toolchain, the jail (scrubbed
//! environment, private folders), the isolation level (resource limits, an unprivileged user,
//! bubblewrap or a network namespace), capped capture with timeouts, and the reaper that kills
//! whatever a child leaves behind. Every other stage starts processes through [`Jail`]; a new
//! sandbox rule goes in `isolation.rs`. The main type is [`Isolation`].

mod capture;
mod isolation;
mod jail;
mod mounts;
mod reaper;
mod seccomp;
mod toolchain;

pub use capture::{
    run_captured, run_streaming, run_watched, run_with_channel, Captured, DiskWatch, Ending, CHANNEL_FD, SECRET_FD,
};
pub use isolation::{Choice, Isolation, Level, Role, SandboxSummary, TEST_SCRATCH, TEST_TMP_BYTES};
pub use jail::{set_mode, Jail};
pub use reaper::{
    become_subreaper, clean_up, finish, forget_folder, install_interrupt_handler, kill_group, protect_self,
    spawn_tracked, track_folder,
};
pub use seccomp::SocketFilter;
pub use toolchain::Toolchain;
