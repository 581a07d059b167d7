use std::cell::Cell;
use std::collections::BTreeMap;
use std::error::Error;
use std::io::{self, ErrorKind, Read};
use std::num::{IntErrorKind, ParseIntError};

use senior_07_errors_at_scale::app::{self, AppError, Context};
use senior_07_errors_at_scale::inventory::{self, InventoryError};

/// The message of an error, then the message of each cause under it.
fn messages(err: &(dyn Error + 'static)) -> Vec<String> {
    let mut messages = vec![err.to_string()];
    let mut cause = err.source();
    while let Some(next) = cause {
        messages.push(next.to_string());
        cause = next.source();
    }
    messages
}

/// The last cause in the chain under `err`.
fn root_cause<'a>(err: &'a (dyn Error + 'static)) -> &'a (dyn Error + 'static) {
    let mut current = err;
    while let Some(next) = current.source() {
        current = next;
    }
    current
}

/// The library error right under an application error.
fn library_error(err: &AppError) -> &InventoryError {
    err.source().and_then(|cause| cause.downcast_ref::<InventoryError>()).expect("the cause is an InventoryError")
}

/// Parses a stock list that must fail, and returns the error with one line of context.
fn parse_error(text: &str) -> AppError {
    inventory::parse(text).context("parsing a test list").unwrap_err()
}

fn owned(pairs: &[(&str, u64)]) -> Vec<(String, u64)> {
    pairs.iter().map(|(item, count)| (item.to_string(), *count)).collect()
}

/// Sends the first bytes of a stock list, then fails.
struct DroppedLink {
    sent: bool,
}

impl Read for DroppedLink {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.sent {
            return Err(io::Error::new(ErrorKind::ConnectionReset, "link to the depot dropped"));
        }
        self.sent = true;
        let data = b"bolts = 5\n";
        let n = data.len().min(buf.len());
        buf[..n].copy_from_slice(&data[..n]);
        Ok(n)
    }
}

#[test]
fn a_line_without_equals_is_missing_equals() {
    let err = parse_error("# stock\n\nbolts 12\n");
    assert!(matches!(library_error(&err), InventoryError::MissingEquals { line: 3 }));
    assert_eq!(messages(&err), ["parsing a test list", "line 3: expected `item = quantity`"]);
}

#[test]
fn an_empty_item_name_has_its_own_variant() {
    let err = parse_error("bolts = 1\n\t = 4\n");
    assert!(matches!(library_error(&err), InventoryError::EmptyItem { line: 2 }));
    assert_eq!(messages(&err), ["parsing a test list", "line 2: the item name is empty"]);
}

#[test]
fn an_item_listed_twice_is_a_duplicate() {
    let err = parse_error("bolts = 1\n  # again\nnuts = 2\n bolts=3\n");
    let found = library_error(&err);
    assert!(
        matches!(found, InventoryError::Duplicate { line: 4, item, first_line: 1 } if item == "bolts"),
        "{found:?}"
    );
    assert_eq!(messages(&err), ["parsing a test list", "line 4: `bolts` is already listed on line 1"]);
}

/// Parses `text`, which must fail with a bad quantity on `line` whose root cause has `kind`.
fn assert_bad_quantity(text: &str, line: usize, kind: IntErrorKind) -> AppError {
    let err = parse_error(text);
    let found = library_error(&err);
    assert!(matches!(found, InventoryError::BadQuantity { line: l, .. } if *l == line), "{text:?}: {found:?}");
    let root = root_cause(&err).downcast_ref::<ParseIntError>().expect("the root cause is a ParseIntError");
    assert_eq!(root.kind(), &kind, "{text:?}");
    assert_eq!(messages(&err).len(), 3, "{text:?}");
    err
}

#[test]
fn an_empty_quantity_is_a_bad_quantity() {
    assert_bad_quantity("bolts =\n", 1, IntErrorKind::Empty);
}

#[test]
fn negative_or_fractional_quantities_are_bad_quantities() {
    assert_bad_quantity("# sizes\nbolts = -3\n", 2, IntErrorKind::InvalidDigit);
    assert_bad_quantity("\n\n\n\nbolts = 1.5\n", 5, IntErrorKind::InvalidDigit);
}

#[test]
fn quantities_must_fit_a_u32() {
    let err = assert_bad_quantity("bolts = 4294967295\n\nnuts = 4294967296\n", 3, IntErrorKind::PosOverflow);
    assert_eq!(
        messages(&err),
        ["parsing a test list", "line 3: bad quantity for `nuts`", "number too large to fit in target type"]
    );
}

#[test]
fn a_second_equals_sign_belongs_to_the_quantity() {
    assert_bad_quantity("bolts = 2 = 3\n", 1, IntErrorKind::InvalidDigit);
}

#[test]
fn a_failing_reader_is_a_read_error() {
    let warehouses: Vec<(&str, Box<dyn Read>)> =
        vec![("north", Box::new("bolts = 1\n".as_bytes())), ("depot", Box::new(DroppedLink { sent: false }))];
    let err = app::total_stock(warehouses).unwrap_err();
    assert_eq!(
        messages(&err),
        ["reading warehouse `depot`", "could not read the stock list", "link to the depot dropped"]
    );
    assert!(matches!(library_error(&err), InventoryError::Read(_)));
    let root = root_cause(&err).downcast_ref::<io::Error>().expect("the root cause is an io::Error");
    assert_eq!(root.kind(), ErrorKind::ConnectionReset);
}

#[test]
fn bytes_that_are_not_utf8_are_a_read_error() {
    let not_text: &[u8] = b"bolts = 1\nnuts = \xff\n";
    let err = app::total_stock([("east", not_text)]).unwrap_err();
    assert_eq!(err.context(), "reading warehouse `east`");
    assert!(matches!(library_error(&err), InventoryError::Read(_)));
    let root = root_cause(&err).downcast_ref::<io::Error>().expect("the root cause is an io::Error");
    assert_eq!(root.kind(), ErrorKind::InvalidData);
}

#[test]
fn shortages_add_context_at_every_level() {
    let north = "bolts = 40\nnuts = 10\n";
    let south = "# south\nbolts = 5\nwashers = many\n";
    let err = app::shortages([("north", north.as_bytes()), ("south", south.as_bytes())], "bolts = 50\n").unwrap_err();
    assert_eq!(
        messages(&err),
        [
            "counting the stock",
            "reading warehouse `south`",
            "line 3: bad quantity for `washers`",
            "invalid digit found in string"
        ]
    );
    assert_eq!(err.context(), "counting the stock");
    let inner = err.source().and_then(|cause| cause.downcast_ref::<AppError>()).expect("an AppError under the top one");
    assert_eq!(inner.context(), "reading warehouse `south`");
    assert!(matches!(library_error(inner), InventoryError::BadQuantity { line: 3, item, .. } if item == "washers"));
    assert!(root_cause(&err).is::<ParseIntError>());
}

#[test]
fn the_wanted_list_is_read_before_any_warehouse() {
    let south = "# south\nbolts = 5\nwashers = many\n";
    let err = app::shortages([("south", south.as_bytes())], "bolts: 50\n").unwrap_err();
    assert_eq!(messages(&err), ["reading the wanted list", "line 1: expected `item = quantity`"]);
    assert!(matches!(library_error(&err), InventoryError::MissingEquals { line: 1 }));
}

const NORTH: &str = "bolts = 40\r\n  nuts=10  \r\n   # washers are counted in the south\r\nhex bolts\t=\t7\r\n";
const SOUTH: &str = "bolts = 4294967295\nwashers = 300\nnuts = 0\n";

#[test]
fn totals_of_good_lists() {
    let totals = app::total_stock([("north", NORTH.as_bytes()), ("south", SOUTH.as_bytes())]).unwrap();
    let expected: BTreeMap<String, u64> =
        owned(&[("bolts", 4_294_967_335), ("hex bolts", 7), ("nuts", 10), ("washers", 300)]).into_iter().collect();
    assert_eq!(totals, expected);
}

#[test]
fn shortages_of_good_lists() {
    let wanted = "washers = 100\nnuts = 25\nrivets = 7\nglue = 0\nhex bolts = 7\n";
    let missing = app::shortages([("north", NORTH.as_bytes()), ("south", SOUTH.as_bytes())], wanted).unwrap();
    assert_eq!(missing, owned(&[("nuts", 15), ("rivets", 7)]));
}

#[test]
fn no_warehouses_and_empty_lists_hold_nothing() {
    let nowhere: Vec<(&str, &[u8])> = Vec::new();
    assert!(app::total_stock(nowhere).unwrap().is_empty());
    let empty = inventory::parse("# nothing yet\n\n").unwrap();
    assert!(empty.is_empty());
}

#[test]
fn context_nests_and_keeps_the_root_cause() {
    fn open_settings() -> Result<u16, AppError> {
        let opened: Result<u16, io::Error> = Err(io::Error::new(ErrorKind::NotFound, "settings.toml not found"));
        opened.context("opening the settings")
    }
    let err = open_settings().context("starting the stock service").unwrap_err();
    assert_eq!(messages(&err), ["starting the stock service", "opening the settings", "settings.toml not found"]);
    let root = root_cause(&err).downcast_ref::<io::Error>().expect("the root cause is an io::Error");
    assert_eq!(root.kind(), ErrorKind::NotFound);
}

#[test]
fn with_context_builds_its_message_only_on_error() {
    let built = Cell::new(0);
    let fine: Result<u8, ParseIntError> = "7".parse();
    let value = fine
        .with_context(|| {
            built.set(built.get() + 1);
            "never needed"
        })
        .unwrap();
    assert_eq!((value, built.get()), (7, 0));
    let err = "x".parse::<u8>().with_context(|| format!("reading field {}", 3)).unwrap_err();
    assert_eq!(err.to_string(), "reading field 3");
}

#[test]
fn errors_travel_like_any_standard_error() {
    fn assert_send_sync<T: Send + Sync + 'static>() {}
    assert_send_sync::<AppError>();
    assert_send_sync::<InventoryError>();

    let err = AppError::new("syncing the depot", io::Error::new(ErrorKind::TimedOut, "no answer from the depot"));
    let err = std::thread::spawn(move || err).join().unwrap();
    assert_eq!(messages(&err), ["syncing the depot", "no answer from the depot"]);

    // An application's `main` often returns a boxed error: `?` must convert, and nothing is lost.
    fn run() -> Result<(), Box<dyn Error + Send + Sync>> {
        app::total_stock([("west", "bolts = twelve\n".as_bytes())])?;
        Ok(())
    }
    let boxed = run().unwrap_err();
    let err = boxed.downcast_ref::<AppError>().expect("the box holds the AppError");
    assert_eq!(
        messages(err),
        ["reading warehouse `west`", "line 1: bad quantity for `bolts`", "invalid digit found in string"]
    );
}

/// Habit probe (budget `errors_leave_nothing_behind`): errors built through every layer and every
/// way of adding context, then dropped, leave no block behind. An error that keeps its context as
/// `&'static str` by leaking it leaves one block per error.
#[test]
fn dropped_errors_leave_nothing_behind() {
    let (right, heap) = crate::grader_measure::check_heap(|| {
        let mut right = true;
        let south = [("north", "bolts = 1\n".as_bytes()), ("south", "nuts = x\n".as_bytes())];
        let err = app::shortages(south, "bolts = 3\n").unwrap_err();
        right &= messages(&err)
            == [
                "counting the stock",
                "reading warehouse `south`",
                "line 1: bad quantity for `nuts`",
                "invalid digit found in string",
            ];
        drop(err);
        let err = app::shortages([("north", "bolts = 1\n".as_bytes())], "bolts 3\n").unwrap_err();
        right &= messages(&err) == ["reading the wanted list", "line 1: expected `item = quantity`"];
        drop(err);
        for round in 0..20 {
            let err = "x".parse::<u8>().with_context(|| format!("reading field {round}")).unwrap_err();
            let err = Err::<(), AppError>(err).context(format!("round {round}")).unwrap_err();
            right &= messages(&err) == [format!("round {round}"), format!("reading field {round}"), "invalid digit found in string".to_string()];
            let err = AppError::new(String::from("syncing the depot"), io::Error::new(ErrorKind::TimedOut, "no answer"));
            right &= messages(&err) == ["syncing the depot", "no answer"];
        }
        right
    });
    crate::grader_measure::report("leaked_blocks", heap.leaked_blocks);
    assert!(right, "every error reads as the rules say");
}

/// Habit probe (budget `displaying_errors_allocates_nothing`): writing every level of a few error
/// chains into a string that has room for them. A message is made of the error's own fields, so
/// `Display` needs no temporary `String`.
#[test]
fn displaying_errors_allocates_nothing() {
    use std::fmt::Write;
    let errors = [
        parse_error("bolts = 1\nnuts\n"),
        parse_error(" = 1\n"),
        parse_error("bolts = x\n"),
        parse_error("bolts = 1\nbolts = 2\n"),
        app::total_stock([("east", &b"bolts = \xff\n"[..])]).unwrap_err(),
        app::shortages([("west", "bolts = twelve\n".as_bytes())], "bolts = 1\n").unwrap_err(),
        AppError::new("syncing the depot", io::Error::new(ErrorKind::TimedOut, "no answer")),
    ];
    let mut written = String::with_capacity(8192);
    let ((), allocations) = crate::grader_measure::count_allocations(|| {
        for err in &errors {
            let mut level: Option<&(dyn Error + 'static)> = Some(err);
            while let Some(error) = level {
                let _ = writeln!(written, "{error}");
                level = error.source();
            }
        }
    });
    crate::grader_measure::report("allocations", allocations.total());
    let expected: Vec<String> = errors.iter().flat_map(|err| messages(err)).collect();
    assert_eq!(written.lines().collect::<Vec<&str>>(), expected);
}
