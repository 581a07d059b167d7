//! Statistics over the score log of a game server. See README.md for the format of the log.

/// One game read from the log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Game<'a> {
    /// The player, as written in the log (without surrounding whitespace).
    pub player: &'a str,
    /// The points scored in the game.
    pub points: u32,
    /// The number of the line the game is on, counting from 1.
    pub line: usize,
}

/// The points of all the games in the log, added up.
pub fn total_points(log: &str) -> u64 {
    games(log).map(|game| game.points as u64).sum()
}

/// The game with the most points. When several games share the most points, the one on the
/// earliest line.
pub fn best_game(log: &str) -> Option<Game<'_>> {
    let mut best: Option<Game> = None;
    for game in games(log) {
        match best {
            Some(b) if b.points >= game.points => {}
            _ => best = Some(game),
        }
    }
    best
}

/// The `k` games with the most points, best first; games with equal points in line order. All the
/// games when the log has fewer than `k`.
pub fn top_games(log: &str, k: usize) -> Vec<Game<'_>> {
    let mut top: Vec<Game> = Vec::new();
    if k == 0 {
        return top;
    }
    for game in games(log) {
        // find where it goes: after everything with the same or more points
        let mut pos = top.len();
        for (i, other) in top.iter().enumerate() {
            if other.points < game.points {
                pos = i;
                break;
            }
        }
        if pos < k {
            top.insert(pos, game);
            if top.len() > k {
                top.pop();
            }
        }
    }
    top
}

/// A short summary of the log: a first line with the number of games and the total points, then
/// the `k` best games, one per line.
pub fn report(log: &str, k: usize) -> String {
    let all: Vec<Game> = games(log).collect();
    let points: Vec<u64> = all.iter().map(|game| game.points as u64).collect();
    let mut out = format!("{} games, {} points\n", all.len(), points.iter().sum::<u64>());
    let lines: Vec<String> = top_games(log, k)
        .iter()
        .enumerate()
        .map(|(rank, game)| format!("{}. {} {}\n", rank + 1, game.player, game.points))
        .collect();
    out.push_str(&lines.join(""));
    out
}

/// Every game of the log, in line order.
fn games(log: &str) -> impl Iterator<Item = Game<'_>> {
    log.lines().enumerate().filter_map(|(index, line)| {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            return None;
        }
        let (player, points) = line.split_once(',')?;
        let player = player.trim();
        if player.is_empty() {
            return None;
        }
        let points = points.trim().parse::<u32>().ok()?;
        Some(Game { player, points, line: index + 1 })
    })
}
