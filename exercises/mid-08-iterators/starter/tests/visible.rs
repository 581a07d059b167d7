use mid_08_iterators::{best_game, report, top_games, total_points, Game};

const LOG: &str = "\
# season 3, week 1
ann, 120
bob, 75

carla, 310
dave, seventy
ann, 90
";

#[test]
fn adds_up_the_points() {
    assert_eq!(total_points(LOG), 595);
}

#[test]
fn finds_the_best_game() {
    assert_eq!(best_game(LOG), Some(Game { player: "carla", points: 310, line: 5 }));
}

#[test]
fn lists_the_top_games() {
    let top = top_games(LOG, 2);
    assert_eq!(top, [Game { player: "carla", points: 310, line: 5 }, Game { player: "ann", points: 120, line: 2 }]);
}

#[test]
fn writes_a_report() {
    assert_eq!(report(LOG, 3), "4 games, 595 points\n1. carla 310\n2. ann 120\n3. ann 90\n");
}
