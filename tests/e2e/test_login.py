import pytest

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_cadre_logs_in_and_sees_the_home_page(live_server, page, cadre_user):
    page.goto(f"{live_server.url}/accounts/login/")
    assert page.locator("html").get_attribute("lang") == "vi"
    page.get_by_label("Tài khoản đăng nhập").fill("CB100001")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{live_server.url}/")
    assert page.get_by_role("heading", level=1).inner_text() == "Đào tạo, bồi dưỡng cán bộ dân vận"
    assert "Nguyễn Thị Ánh" in page.locator(".account-box").inner_text()
