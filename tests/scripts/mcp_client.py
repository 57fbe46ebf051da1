"""Drive `mopsc mcp` with the official MCP Python SDK's client: list the
tools and resources, check the §9 example workspace, format, plan and
explain through the tools, and make sure a bad call is a tool error."""

import asyncio
import json
import sys

from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client


def structured(result):
    assert not result.is_error, result
    if getattr(result, "structured_content", None) is not None:
        return result.structured_content
    return json.loads(result.content[0].text)


async def main(binary: str, root: str) -> None:
    params = StdioServerParameters(command=binary, args=["mcp", "--root", root, "--today", "2026-11-24"])
    async with stdio_client(params) as streams:
        read, write = streams[0], streams[1]
        async with ClientSession(read, write) as session:
            init = await session.initialize()
            assert init.server_info.name == "mopsc", init
            tools = sorted(t.name for t in (await session.list_tools()).tools)
            assert tools == ["attribute", "check", "explain", "format", "new_campaign", "plan", "route", "score"], tools
            print("tools:", ", ".join(tools))

            doc = structured(await session.call_tool("check", {"paths": ["section9"]}))
            codes = sorted(d["code"] for d in doc["diagnostics"])
            assert codes == ["DAT001", "STK002", "STK006", "STK006", "STK010"], codes
            print("check section9:", " ".join(codes))

            doc = structured(await session.call_tool("check", {"paths": ["."]}))
            errors = [d for d in doc["diagnostics"] if d["severity"] == "error"]
            assert not errors, errors
            print("check examples:", doc["summary"])

            fmt = structured(await session.call_tool("format", {"text": "tool sf: crm { owner = \"a@b.io\" }"}))
            assert fmt["text"] == 'tool sf: crm {\n  owner = "a@b.io"\n}\n', fmt
            plan = structured(await session.call_tool("plan", {"paths": ["section9"]}))
            assert plan["plan_version"] == 1 and plan["campaigns"][0]["days"] == 37, plan["campaigns"][0]["days"]
            print("plan section9:", plan["campaigns"][0]["name"], plan["campaigns"][0]["days"], "days")
            scores = structured(await session.call_tool("score", {"review": True, "top": 3}))
            assert scores["lead_count"] == sum(scores["tiers"].values()), scores["tiers"]
            print("score:", scores["lead_count"], "leads,", scores["tiers"])
            credits = structured(await session.call_tool("attribute", {"models": ["all"], "by": "campaign"}))
            assert credits["attribution_version"] == 1, credits
            assert any(r["label"] == "northwind-launch" for r in credits["rows"]), credits["rows"]
            print("attribute:", len(credits["rows"]), "campaign rows,", credits["conversions"], "conversions")
            text = structured(await session.call_tool("explain", {"name": "STK002"}))["text"]
            assert "tool-not-connected" in text, text

            bad = await session.call_tool("check", {"paths": ["/etc"]})
            assert bad.is_error and "outside the workspace root" in bad.content[0].text, bad
            resources = [str(r.uri) for r in (await session.list_resources()).resources]
            assert "mopsc://reference/blocks.md" in resources, resources
            print("resources:", len(resources))
    print("mcp client: every check passed")


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2]))
