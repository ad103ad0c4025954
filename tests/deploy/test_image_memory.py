"""A burst of large uploads keeps a worker's memory bounded (issue 14, finding 4).

Before, a 143 KB PNG of 7000 x 7000 took one worker from 197 to 890 MB: small files decode to large pictures, and
each of a worker's threads decoded its own at full size, with three more full-size copies on the way to the stored
JPEG. Measured in a fresh process (as gunicorn_conf.py sets its allocator up), so this test process is left alone:
four threads, as in a gunicorn worker, each processing two photos at the largest size accepted."""

from __future__ import annotations

import subprocess
import sys

BOUND_MIB = 200  # peak growth of the process; before the fix this burst took about 1 GB

_BURST = """
import io, threading
from PIL import Image
from fitnesscrm import malloc
from fitnesscrm.core.images import PayloadTooLarge
from fitnesscrm.progress.photos import imaging

malloc.pin_mmap_threshold()

def encoded(image, kind):
    out = io.BytesIO()
    image.save(out, kind)
    return out.getvalue()

edge = int(imaging.MAX_PIXELS ** 0.5)
flat_png = encoded(Image.new("RGB", (edge, edge), (200, 120, 40)), "PNG")  # compresses to almost nothing
noisy = Image.merge("RGB", [Image.effect_noise((edge, edge), 60)] * 3)
photo_jpeg = encoded(noisy, "JPEG")
too_big = encoded(Image.new("RGB", (7000, 7000)), "PNG")
del noisy

try:
    imaging.process(too_big)
    raise SystemExit("a 49 MP picture was accepted")
except PayloadTooLarge:
    pass

def status(field):
    return int(open("/proc/self/status").read().split(field + ":")[1].split()[0]) // 1024

with open("/proc/self/clear_refs", "w") as f:  # restart the peak (VmHWM) from what is resident now
    f.write("5")
before = status("VmRSS")
def uploads():
    for data in (flat_png, photo_jpeg):
        assert imaging.process(data).width == imaging.FULL_MAX_EDGE
threads = [threading.Thread(target=uploads) for _ in range(4)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
print(len(flat_png) // 1024, len(photo_jpeg) // 1024, status("VmHWM") - before)
"""


def test_a_burst_of_the_largest_photos_keeps_a_workers_memory_bounded() -> None:
    result = subprocess.run([sys.executable, "-c", _BURST], capture_output=True, text=True, timeout=900, check=True)
    png_kib, jpeg_kib, peak_growth_mib = (int(n) for n in result.stdout.split())
    print(f"PNG {png_kib} KiB, JPEG {jpeg_kib} KiB: peak growth {peak_growth_mib} MiB for 8 uploads on 4 threads")
    assert png_kib < 1024  # the amplifier: under a megabyte on the wire
    assert peak_growth_mib <= BOUND_MIB
