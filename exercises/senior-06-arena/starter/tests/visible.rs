use senior_06_arena::{CycleError, TaskGraph};

#[test]
fn records_links_both_ways() {
    let mut graph = TaskGraph::new();
    let fetch = graph.add_task("fetch");
    let compile = graph.add_task("compile");
    let test = graph.add_task("test");
    graph.add_dependency(compile, fetch);
    graph.add_dependency(test, compile);
    graph.add_dependency(test, fetch);

    assert_eq!(graph.len(), 3);
    assert_eq!(graph.add_task("compile"), compile);
    assert_eq!(graph.find("test"), Some(test));
    assert_eq!(graph.find("deploy"), None);
    assert_eq!(graph.dependencies(test), [compile, fetch]);
    assert_eq!(graph.dependents(fetch), [compile, test]);
    assert_eq!(graph.dependencies(fetch), []);
}

#[test]
fn orders_a_small_build() {
    let mut graph = TaskGraph::new();
    let fetch = graph.add_task("fetch");
    let client = graph.add_task("compile client");
    let server = graph.add_task("compile server");
    let package = graph.add_task("package");
    graph.add_dependency(package, server);
    graph.add_dependency(package, client);
    graph.add_dependency(server, fetch);
    graph.add_dependency(client, fetch);

    assert_eq!(graph.build_order(), Ok(vec![fetch, client, server, package]));
    assert_eq!(graph.all_dependencies(package), [fetch, client, server]);
}

#[test]
fn reports_tasks_stuck_on_a_cycle() {
    let mut graph = TaskGraph::new();
    let docs = graph.add_task("docs");
    let schema = graph.add_task("schema");
    let models = graph.add_task("models");
    let api = graph.add_task("api");
    graph.add_dependency(schema, models);
    graph.add_dependency(models, schema);
    graph.add_dependency(api, models);

    assert_eq!(graph.build_order(), Err(CycleError { stuck: vec![schema, models, api] }));
    assert_eq!(graph.dependencies(docs), []);
}
