"""The client address used by the rate limit and the login throttle."""

from django.test import RequestFactory, SimpleTestCase, override_settings

from core.client_ip import client_ip


class ClientIpTests(SimpleTestCase):
    def request(self, forwarded=None, remote="10.0.0.2"):
        headers = {"X-Forwarded-For": forwarded} if forwarded is not None else {}
        return RequestFactory().get("/", headers=headers, REMOTE_ADDR=remote)

    def test_without_trusted_proxies_x_forwarded_for_is_ignored(self):
        self.assertEqual(client_ip(self.request("198.51.100.1")), "10.0.0.2")

    @override_settings(TRUSTED_PROXY_COUNT=1)
    def test_one_proxy_the_address_it_appended(self):
        self.assertEqual(client_ip(self.request("198.51.100.1")), "198.51.100.1")
        self.assertEqual(client_ip(self.request("1.2.3.4, 198.51.100.1")), "198.51.100.1")
        self.assertEqual(client_ip(self.request("1.2.3.4,2001:db8::1")), "2001:db8::1")

    @override_settings(TRUSTED_PROXY_COUNT=2)
    def test_two_proxies_the_address_the_outer_one_saw(self):
        self.assertEqual(client_ip(self.request("1.2.3.4, 198.51.100.1, 10.0.0.1")), "198.51.100.1")

    @override_settings(TRUSTED_PROXY_COUNT=2)
    def test_a_request_that_bypassed_a_proxy_or_a_garbled_header(self):
        self.assertEqual(client_ip(self.request("198.51.100.1")), "10.0.0.2")
        self.assertEqual(client_ip(self.request()), "10.0.0.2")
        self.assertEqual(client_ip(self.request("evil, 10.0.0.1")), "10.0.0.2")


def test_a_request_without_an_address_gets_a_shared_bucket_not_an_error(rf):
    request = rf.get("/", REMOTE_ADDR="")
    assert client_ip(request) == "0.0.0.0"
