def test_admin_signs_in_and_lists_clients(factory):
    admin = factory.admin()
    factory.client(first_name="Zed")
    api = factory.api(admin)
    response = api.get("/api/v1/clients")
    assert response.status_code == 200
    assert [c["first_name"] for c in response.json["items"]] == ["Zed"]
