use mid_08_iterators::{best_game, report, top_games, total_points, Game};

/// Runs `measured` and returns its result with the number of blocks of memory it requested.
/// Growing or shrinking a block (`realloc`) is not counted: a vector that grows is still one
/// allocation. The count is the fewest of three runs: the grader counts every thread of the test
/// process, and the harness's own thread may allocate while it starts up.
fn count_allocations<T>(mut measured: impl FnMut() -> T) -> (T, u64) {
    let (mut result, allocations) = crate::grader_measure::count_allocations(&mut measured);
    let mut fewest = allocations.fresh;
    for _ in 0..2 {
        let (again, allocations) = crate::grader_measure::count_allocations(&mut measured);
        result = again;
        fewest = fewest.min(allocations.fresh);
    }
    (result, fewest)
}

/// A log of `games` valid games, `(player, points)`, with blank lines, comments and broken lines
/// mixed in. Returns the log and the line number of each game.
fn noisy_log(games: &[(&str, u32)]) -> (String, Vec<usize>) {
    let mut log = String::from("# exported by the game server\n");
    let mut lines = Vec::new();
    let mut line = 1;
    for (n, (player, points)) in games.iter().enumerate() {
        match n % 4 {
            0 => log.push('\n'),
            1 => log.push_str("  # a comment, 12\n"),
            2 => log.push_str("broken line without a comma\n"),
            _ => log.push_str(&format!("{player}, not a number\n")),
        }
        line += 1;
        log.push_str(&format!("  {player} ,{points}\t\n"));
        line += 1;
        lines.push(line);
    }
    log.push_str(", 99\n");
    (log, lines)
}

/// Many games: points go up and down, several players, some ties.
fn season() -> Vec<(&'static str, u32)> {
    let players = ["ann", "bob", "carla", "dave", "eve", "frank", "gus"];
    (0..400_u32).map(|n| (players[n as usize % players.len()], (n * 7919) % 1000)).collect()
}

#[test]
fn total_points_allocates_nothing() {
    let games = season();
    let (log, _) = noisy_log(&games);
    let expected: u64 = games.iter().map(|(_, points)| u64::from(*points)).sum();
    let (total, allocations) = count_allocations(|| total_points(&log));
    assert_eq!(total, expected);
    assert_eq!(allocations, 0, "total_points allocated {allocations} times");
}

#[test]
fn best_game_allocates_nothing() {
    let games = season();
    let (log, lines) = noisy_log(&games);
    let (best, allocations) = count_allocations(|| best_game(&log));
    let first_999 = games.iter().position(|(_, points)| *points == 999).expect("the season has a 999");
    let expected = Game { player: games[first_999].0, points: 999, line: lines[first_999] };
    assert_eq!(best, Some(expected));
    assert_eq!(allocations, 0, "best_game allocated {allocations} times");
}

fn small_season() -> (String, Vec<Game<'static>>) {
    let games: Vec<(&'static str, u32)> =
        (0..18_u32).map(|n| (["ann", "bob", "carla"][n as usize % 3], (n * 37) % 50)).collect();
    let (log, lines) = noisy_log(&games);
    let mut expected: Vec<Game> = games
        .iter()
        .zip(&lines)
        .map(|((player, points), line)| Game { player: *player, points: *points, line: *line })
        .collect();
    expected.sort_by(|a, b| b.points.cmp(&a.points).then(a.line.cmp(&b.line)));
    (log, expected)
}

#[test]
fn top_games_allocates_only_its_result() {
    let (log, expected) = small_season();
    for k in [1, 5, 18] {
        let (top, allocations) = count_allocations(|| top_games(&log, k));
        assert_eq!(top, expected[..k], "k = {k}");
        assert!(allocations <= 1, "top_games({k}) allocated {allocations} times");
    }
}

#[test]
fn top_games_with_k_of_zero_or_past_the_end() {
    let (log, expected) = small_season();
    for k in [0, 40] {
        let (top, allocations) = count_allocations(|| top_games(&log, k));
        assert_eq!(top, expected[..k.min(18)], "k = {k}");
        assert!(allocations <= 1, "top_games({k}) allocated {allocations} times");
    }
}

#[test]
fn the_best_game_of_a_tie_is_on_the_earliest_line() {
    let log = "zoe,50\nyan,70\nxia,70\nwes,20\nvic,70\numa,50\n";
    assert_eq!(best_game(log), Some(Game { player: "yan", points: 70, line: 2 }));
    assert_eq!(best_game("a,0\nb,0"), Some(Game { player: "a", points: 0, line: 1 }));
}

#[test]
fn top_games_with_equal_points_keep_line_order() {
    let log = "zoe,50\nyan,70\nxia,70\nwes,20\nvic,70\numa,50\n";
    let names: Vec<&str> = top_games(log, 5).iter().map(|game| game.player).collect();
    assert_eq!(names, ["yan", "xia", "vic", "zoe", "uma"]);
}

/// The games of `log`, best first, as `(player, points, line)`.
fn games_of(log: &str) -> Vec<(&str, u32, usize)> {
    top_games(log, 100).iter().map(|game| (game.player, game.points, game.line)).collect()
}

#[test]
fn comment_lines_are_not_games() {
    assert_eq!(games_of("ann,10\n # bob,1000\nhal,9\n"), [("ann", 10, 1), ("hal", 9, 3)]);
}

#[test]
fn a_line_without_a_comma_is_not_a_game() {
    assert_eq!(games_of("ann,10\nbob 20\nhal,9\n"), [("ann", 10, 1), ("hal", 9, 3)]);
}

#[test]
fn a_game_needs_a_player() {
    assert_eq!(games_of(",30\n   ,40\nann,10\n"), [("ann", 10, 3)]);
}

#[test]
fn points_must_be_a_u32() {
    let log = "carla,-5\ndave,4294967296\nfrank, 4294967295\nann,10\n";
    assert_eq!(games_of(log), [("frank", 4_294_967_295, 3), ("ann", 10, 4)]);
    assert_eq!(total_points(log), 4_294_967_305);
}

#[test]
fn the_first_comma_ends_the_player() {
    assert_eq!(games_of("eve,1,2\ngus:7,8\n"), [("gus:7", 8, 2)]);
}

#[test]
fn players_and_points_are_trimmed() {
    let log = "\t hal ,\t9 \t\n";
    assert_eq!(games_of(log), [("hal", 9, 1)]);
    assert_eq!(best_game(log), Some(Game { player: "hal", points: 9, line: 1 }));
}

#[test]
fn totals_beyond_u32() {
    let log = "a,4000000000\nb,4000000000\nc,4000000000\n".repeat(1000);
    let (total, allocations) = count_allocations(|| total_points(&log));
    assert_eq!(total, 12_000_000_000_000);
    assert_eq!(allocations, 0, "total_points allocated {allocations} times");
}

fn assert_no_games(log: &str) {
    let ((total, best), allocations) = count_allocations(|| (total_points(log), best_game(log)));
    assert_eq!((total, best), (0, None), "log {log:?}");
    assert_eq!(allocations, 0, "log {log:?}: allocated {allocations} times");
    let (top, allocations) = count_allocations(|| top_games(log, 3));
    assert!(top.is_empty(), "log {log:?}");
    assert!(allocations <= 1, "log {log:?}: top_games allocated {allocations} times");
    assert_eq!(report(log, 3), "0 games, 0 points\n");
}

#[test]
fn an_empty_log_has_no_games() {
    assert_no_games("");
    assert_no_games("\n\n");
}

#[test]
fn a_log_of_comments_has_no_games() {
    assert_no_games("# nothing yet\n  # still nothing");
}

#[test]
fn a_log_of_broken_lines_has_no_games() {
    assert_no_games("no games here\n,5\n");
}

#[test]
fn report_lists_the_best_games() {
    let log = "ann,5\nbob,9\n# carla,100\ncarla,9\ndave,1\n";
    assert_eq!(report(log, 2), "4 games, 24 points\n1. bob 9\n2. carla 9\n");
    assert_eq!(report(log, 0), "4 games, 24 points\n");
    assert_eq!(report(log, 9), "4 games, 24 points\n1. bob 9\n2. carla 9\n3. ann 5\n4. dave 1\n");
}

#[test]
fn a_report_stores_no_game_to_count() {
    let games = season();
    let (log, _) = noisy_log(&games);
    // `report(log, 1)` needs the String it returns and the games `top_games(log, 1)` needs (at
    // most one vector). Anything more is storage made on the way: the games or their points
    // collected only to count and add them up, or the lines collected before being joined.
    let (text, on_report) = count_allocations(|| report(&log, 1));
    let (top, on_top) = count_allocations(|| top_games(&log, 1));
    crate::grader_measure::report("allocations", on_report.saturating_sub(on_top));
    let total: u64 = games.iter().map(|(_, points)| u64::from(*points)).sum();
    assert_eq!(text, format!("400 games, {total} points\n1. {} 999\n", top[0].player));
    assert_eq!(top[0].points, 999);
}
