use senior_06_arena::{CycleError, TaskGraph, TaskId};

/// Adds the tasks in order and returns their ids.
fn tasks<const N: usize>(graph: &mut TaskGraph, names: [&str; N]) -> [TaskId; N] {
    names.map(|name| graph.add_task(name))
}

#[test]
fn a_task_may_depend_on_itself() {
    let mut graph = TaskGraph::new();
    let [setup, retry, report] = tasks(&mut graph, ["setup", "retry", "report"]);
    graph.add_dependency(retry, setup);
    graph.add_dependency(retry, retry);
    graph.add_dependency(report, retry);

    assert_eq!(graph.dependencies(retry), [setup, retry]);
    assert_eq!(graph.dependents(retry), [retry, report]);
    assert_eq!(graph.all_dependencies(retry), [setup, retry]);
    assert_eq!(graph.all_dependencies(report), [setup, retry]);
    assert_eq!(graph.build_order(), Err(CycleError { stuck: vec![retry, report] }));
}

#[test]
fn all_dependencies_follow_a_cycle_once() {
    let mut graph = TaskGraph::new();
    let [a, b, c, d, e] = tasks(&mut graph, ["a", "b", "c", "d", "e"]);
    graph.add_dependency(a, b);
    graph.add_dependency(b, c);
    graph.add_dependency(c, a);
    graph.add_dependency(d, a);
    graph.add_dependency(c, e);

    assert_eq!(graph.all_dependencies(d), [a, b, c, e]);
    assert_eq!(graph.all_dependencies(b), [a, b, c, e]);
    assert_eq!(graph.all_dependencies(e), []);
    assert_eq!(graph.dependents(a), [c, d]);
    assert_eq!(graph.build_order(), Err(CycleError { stuck: vec![a, b, c, d] }));
}

#[test]
fn shared_dependencies_are_listed_once() {
    // A ladder: every rung depends on both tasks of the rung below.
    let mut graph = TaskGraph::new();
    let mut rungs: Vec<[TaskId; 2]> = Vec::new();
    for level in 0..12 {
        let rung = [graph.add_task(&format!("left {level}")), graph.add_task(&format!("right {level}"))];
        if let Some(below) = rungs.last() {
            for task in rung {
                for on in *below {
                    graph.add_dependency(task, on);
                }
            }
        }
        rungs.push(rung);
    }
    let top = rungs[11][1];
    let below_top: Vec<TaskId> = rungs[..11].iter().flatten().copied().collect();
    assert_eq!(graph.all_dependencies(top), below_top);
    assert_eq!(graph.all_dependencies(rungs[0][0]), []);
    assert_eq!(graph.dependents(rungs[3][1]), rungs[4]);
    let everything: Vec<TaskId> = rungs.iter().flatten().copied().collect();
    assert_eq!(graph.build_order(), Ok(everything));
}

#[test]
fn a_repeated_dependency_counts_once() {
    let mut graph = TaskGraph::new();
    let [lib, app, docs] = tasks(&mut graph, ["lib", "app", "docs"]);
    for _ in 0..3 {
        graph.add_dependency(app, lib);
    }
    graph.add_dependency(docs, app);
    graph.add_dependency(docs, lib);
    graph.add_dependency(docs, app);

    assert_eq!(graph.dependencies(app), [lib]);
    assert_eq!(graph.dependencies(docs), [app, lib]);
    assert_eq!(graph.dependents(lib), [app, docs]);
    assert_eq!(graph.dependents(app), [docs]);
    assert_eq!(graph.all_dependencies(docs), [lib, app]);
    assert_eq!(graph.build_order(), Ok(vec![lib, app, docs]));
    assert_eq!(graph.len(), 3);
}

#[test]
fn the_task_created_first_goes_first() {
    let mut graph = TaskGraph::new();
    let [checkout, install, licences, build, bundle] =
        tasks(&mut graph, ["checkout", "install", "licence check", "build", "bundle"]);
    graph.add_dependency(install, checkout);
    graph.add_dependency(build, install);
    graph.add_dependency(bundle, licences);
    graph.add_dependency(bundle, build);
    assert_eq!(graph.build_order(), Ok(vec![checkout, install, licences, build, bundle]));
}

#[test]
fn a_task_waits_for_a_dependency_created_after_it() {
    let mut graph = TaskGraph::new();
    let [publish, changelog, build] = tasks(&mut graph, ["publish", "changelog", "build"]);
    graph.add_dependency(publish, build);
    assert_eq!(graph.build_order(), Ok(vec![changelog, build, publish]));
}

#[test]
fn stuck_tasks_are_the_cycle_and_what_waits_on_it() {
    let mut graph = TaskGraph::new();
    let [fetch, a, b, c, d, e] = tasks(&mut graph, ["fetch", "a", "b", "c", "d", "e"]);
    graph.add_dependency(a, b);
    graph.add_dependency(b, a);
    graph.add_dependency(a, fetch);
    graph.add_dependency(c, a);
    graph.add_dependency(d, c);
    graph.add_dependency(d, fetch);
    graph.add_dependency(e, fetch);
    assert_eq!(graph.build_order(), Err(CycleError { stuck: vec![a, b, c, d] }));
    assert_eq!(graph.all_dependencies(e), [fetch]);
}

/// The build order by the rule, one task at a time: the smallest id whose dependencies are all
/// placed. Returns the order and the tasks left over.
fn model_order(graph: &TaskGraph, ids: &[TaskId]) -> (Vec<TaskId>, Vec<TaskId>) {
    let deps: Vec<Vec<usize>> = ids
        .iter()
        .map(|&id| graph.dependencies(id).iter().map(|dep| ids.iter().position(|x| x == dep).unwrap()).collect())
        .collect();
    let mut placed = vec![false; ids.len()];
    let mut order = Vec::new();
    while let Some(next) = (0..ids.len()).find(|&i| !placed[i] && deps[i].iter().all(|&d| placed[d])) {
        placed[next] = true;
        order.push(ids[next]);
    }
    let left = (0..ids.len()).filter(|&i| !placed[i]).map(|i| ids[i]).collect();
    (order, left)
}

const N: usize = 1200;

/// A graph of `N` tasks without a cycle.
fn large_graph() -> (TaskGraph, Vec<TaskId>) {
    let mut graph = TaskGraph::default();
    assert!(graph.is_empty());
    let ids: Vec<TaskId> = (0..N).map(|i| graph.add_task(&format!("task {i}"))).collect();
    // Edges only go from a higher rank to a lower one, so there is no cycle; ranks are a
    // shuffle of the ids, so dependencies point both to older and to newer tasks.
    let rank = |i: usize| i * 769 % N;
    for i in 0..N {
        for j in [(i * 13 + 5) % N, (i * 29 + 3) % N, i / 3] {
            if rank(j) < rank(i) {
                graph.add_dependency(ids[i], ids[j]);
            }
        }
    }
    (graph, ids)
}

#[test]
fn a_large_graph() {
    let (graph, ids) = large_graph();
    assert_eq!(graph.len(), N);
    let (expected, left) = model_order(&graph, &ids);
    assert!(left.is_empty());
    assert_eq!(graph.build_order(), Ok(expected));
}

#[test]
fn a_large_graph_with_one_loop() {
    let (mut graph, ids) = large_graph();
    // Close a loop: the first task that waits for another also becomes that one's dependency.
    let waiting = *ids.iter().find(|&&id| !graph.dependencies(id).is_empty()).unwrap();
    let on = graph.dependencies(waiting)[0];
    graph.add_dependency(on, waiting);
    let (_, stuck) = model_order(&graph, &ids);
    assert!(stuck.len() > 2 && stuck.contains(&waiting) && stuck.contains(&on));
    assert_eq!(graph.build_order(), Err(CycleError { stuck }));
}

#[test]
fn graphs_do_not_share_tasks() {
    let mut first = TaskGraph::new();
    let mut second = TaskGraph::new();
    let [x1, y1] = tasks(&mut first, ["x", "y"]);
    let [y2] = tasks(&mut second, ["y"]);
    let [x2] = tasks(&mut second, ["x"]);
    first.add_dependency(y1, x1);
    second.add_dependency(x2, y2);

    assert_eq!(first.build_order(), Ok(vec![x1, y1]));
    assert_eq!(second.build_order(), Ok(vec![y2, x2]));
    assert_eq!(first.find("y"), Some(y1));
    assert_eq!(second.find("y"), Some(y2));
    assert_eq!(second.dependents(y2), [x2]);
}

#[test]
fn an_empty_graph_has_an_empty_build_order() {
    assert!(TaskGraph::new().build_order().is_ok_and(|order| order.is_empty()));
}

/// A ladder of `levels` rungs of two tasks, each task depending on both tasks of the rung below.
/// Returns the graph, the last task created, and every task below its rung, in id order.
fn ladder(levels: usize) -> (TaskGraph, TaskId, Vec<TaskId>) {
    let mut graph = TaskGraph::new();
    let mut below: Vec<TaskId> = Vec::new();
    let mut rung: Vec<TaskId> = Vec::new();
    for level in 0..levels {
        let next = vec![graph.add_task(&format!("left {level}")), graph.add_task(&format!("right {level}"))];
        for &task in &next {
            for &on in &rung {
                graph.add_dependency(task, on);
            }
        }
        below.extend(rung);
        rung = next;
    }
    (graph, rung[1], below)
}

/// Habit probe (budget `all_dependencies_copies_nothing_per_task`): the allocations of the same
/// walk over a ladder of 1000 tasks beyond those over a ladder of 100. Copying each visited task's
/// list of dependencies shows as about one allocation per extra task; a walk over borrowed lists
/// with a few growing buffers does not grow that way.
#[test]
fn all_dependencies_copies_nothing_per_task_it_visits() {
    let (small, small_top, small_below) = ladder(50);
    let (large, large_top, large_below) = ladder(500);
    let (small_found, small_count) = crate::grader_measure::count_allocations(|| small.all_dependencies(small_top));
    let (large_found, large_count) = crate::grader_measure::count_allocations(|| large.all_dependencies(large_top));
    crate::grader_measure::report("allocations", large_count.total().saturating_sub(small_count.total()));
    assert_eq!(small_found, small_below);
    assert_eq!(large_found, large_below);
}

/// Habit probe (budget `name_lookups_allocate_nothing`): finding a task by name, and adding a name
/// the graph already has, only read the graph.
#[test]
fn looking_up_names_allocates_nothing() {
    let mut graph = TaskGraph::new();
    let names: Vec<String> = (0..300).map(|i| format!("task {i}")).collect();
    let ids: Vec<TaskId> = names.iter().map(|name| graph.add_task(name)).collect();
    let (wrong, allocations) = crate::grader_measure::count_allocations(|| {
        let mut wrong = 0;
        for (name, &id) in names.iter().zip(&ids) {
            wrong += usize::from(graph.find(name) != Some(id));
            wrong += usize::from(graph.add_task(name) != id);
            wrong += usize::from(graph.find(&name[1..]).is_some());
        }
        wrong += usize::from(graph.find("").is_some());
        wrong += usize::from(graph.find("TASK 7").is_some());
        wrong
    });
    crate::grader_measure::report("allocations", allocations.total());
    assert_eq!(wrong, 0, "every name finds its own task, and only its own");
    assert_eq!(graph.len(), 300);
}

/// Habit probe (budget `a_cyclic_graph_is_freed`): a graph with cycles, once dropped, leaves no
/// block behind. Nodes that own each other in a cycle (`Rc` both ways round) never are.
#[test]
fn a_graph_with_cycles_is_freed_when_dropped() {
    let (right, heap) = crate::grader_measure::check_heap(|| {
        let mut graph = TaskGraph::new();
        let [a, b, c, d, e] = tasks(&mut graph, ["a", "b", "c", "d", "e"]);
        graph.add_dependency(a, b);
        graph.add_dependency(b, c);
        graph.add_dependency(c, a);
        graph.add_dependency(d, d);
        graph.add_dependency(d, a);
        graph.add_dependency(a, e);
        let right = graph.build_order() == Err(CycleError { stuck: vec![a, b, c, d] })
            && graph.all_dependencies(d) == [a, b, c, d, e]
            && graph.dependents(a) == [c, d];
        drop(graph);
        right
    });
    crate::grader_measure::report("leaked_blocks", heap.leaked_blocks);
    assert!(right, "the graph answers as the rules say");
}
