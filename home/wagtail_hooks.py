from wagtail import hooks

from .go_live import GoLivePanel, user_can_see_go_live


@hooks.register("construct_homepage_panels")
def add_go_live_panel(request, panels):
    if user_can_see_go_live(request.user):
        panels.append(GoLivePanel())
