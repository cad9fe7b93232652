from concurrent.futures import ThreadPoolExecutor


def test_one_store_shared_by_threads_loses_no_write(store):
    def write(n: int) -> None:
        store.add_document("w", f"doc_{n}", {"source": "s", "text": f"report number {n} on the harbour fire"})
        store.save_result("w", "st_1", {"n": n}, "v", "document stored")

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(write, range(80)))
    assert store.count_documents("w") == 80
    assert len(store.result_history("w", "st_1", limit=1000)) == 80
    assert len(store.search_documents("w", "harbour fire", 100)) == 80
