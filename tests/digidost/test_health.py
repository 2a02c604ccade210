def test_healthz_answers_while_the_process_is_alive(client):
    assert client.get("/healthz").json == {"status": "ok"}


def test_readyz_is_ready_when_database_and_redis_answer(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json["status"] == "ready"
