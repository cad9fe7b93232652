"""service/keys.py on both backends: keys made, checked through the cache, revoked at once."""

from service.keys import KeyStore


def test_a_key_is_checked_cached_and_revoked_at_once(store, clients):
    keys = KeyStore(clients.text, store, cache_ttl=3600)
    key, secret = keys.create("newsroom", "editor", "desk")

    assert keys.authenticate(secret) == key and keys.authenticate(secret + "x") is None
    assert clients.text.keys("corroborate:keys:cache:*")  # the check left the live key in the cache
    before, after = keys.revoke(key.id)
    assert before.revoked_at is None and after.revoked_at is not None
    assert keys.authenticate(secret) is None and not clients.text.keys("corroborate:keys:cache:*")
    assert keys.revoke(key.id)[0].revoked_at == after.revoked_at  # the first revocation's time stays
    assert [k.id for k in keys.list("newsroom")] == [key.id] and keys.list("other") == []
    assert not keys.has_live_admin("newsroom")
