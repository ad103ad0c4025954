"""The built-in exercise library, its vocabularies, and the idempotent sync that loads it into the database.

Every entry was written for FitnessCRM. Built-ins are keyed by a stable slug: ``sync_builtin_library`` adds new
ones, restores edited ones to what ships here, archives ones this release no longer ships (workout logs may still
point at them), and never touches custom exercises. Production runs it after migrations
(``fitnesscrm seed exercises``); the demo seed runs it too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from ...core import audit
from ...core.actor import Actor
from ...core.db import utcnow
from ..models import Difficulty, Exercise, ExerciseCategory, Mechanics, Tracking

# --- vocabularies (value → label) ----------------------------------------------------------------

MUSCLES: dict[str, str] = {
    "chest": "Chest", "upper_back": "Upper back", "lats": "Lats", "traps": "Traps", "lower_back": "Lower back",
    "front_delts": "Front delts", "side_delts": "Side delts", "rear_delts": "Rear delts", "biceps": "Biceps",
    "triceps": "Triceps", "forearms": "Forearms", "abs": "Abs", "obliques": "Obliques", "glutes": "Glutes",
    "quads": "Quads", "hamstrings": "Hamstrings", "adductors": "Adductors", "abductors": "Abductors",
    "calves": "Calves", "hip_flexors": "Hip flexors", "neck": "Neck", "full_body": "Full body",
}

EQUIPMENT: dict[str, str] = {
    "bodyweight": "Bodyweight (none)", "barbell": "Barbell", "ez_bar": "EZ bar", "trap_bar": "Trap bar",
    "dumbbell": "Dumbbell", "kettlebell": "Kettlebell", "plate": "Weight plate", "cable": "Cable",
    "machine": "Machine", "smith_machine": "Smith machine", "landmine": "Landmine", "band": "Resistance band",
    "pull_up_bar": "Pull-up bar", "dip_bars": "Dip bars", "rings": "Gymnastic rings", "trx": "Suspension trainer",
    "bench": "Bench", "box": "Box", "medicine_ball": "Medicine ball", "stability_ball": "Stability ball",
    "ab_wheel": "Ab wheel", "foam_roller": "Foam roller", "jump_rope": "Jump rope", "battle_ropes": "Battle ropes",
    "sled": "Sled", "rower": "Rowing machine", "bike": "Bike", "treadmill": "Treadmill", "ski_erg": "Ski erg",
    "elliptical": "Elliptical", "stair_climber": "Stair climber",
}

CATEGORY_LABELS = {c.value: c.value.replace("_", " ").capitalize() for c in ExerciseCategory}
DIFFICULTY_LABELS = {d.value: d.value.capitalize() for d in Difficulty}
MECHANICS_LABELS = {m.value: m.value.capitalize() for m in Mechanics}
TRACKING_LABELS = {Tracking.LOAD_REPS.value: "Load x reps", Tracking.REPS.value: "Reps",
                   Tracking.TIME.value: "Time", Tracking.DISTANCE_TIME.value: "Distance and time"}

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SEARCH_TEXT_MAX = 2000  # Exercise.search_text column length
_SYNC_LOCK_KEY = 0x45584C4942  # "EXLIB": two instances syncing after one deploy wait for each other


def search_text_for(*, name: str, aliases: list[str] | tuple[str, ...], primary: list[str] | tuple[str, ...],
                    secondary: list[str] | tuple[str, ...], equipment: list[str] | tuple[str, ...]) -> str:
    """Lower-cased words to search on: the name, aliases, muscles and equipment (values and labels).

    Hyphens and apostrophes also appear removed, so "press up" finds "press-up" and "farmers" finds "farmer's".
    """
    terms: list[str] = [name, *aliases]
    for value in (*primary, *secondary):
        terms += [value.replace("_", " "), MUSCLES.get(value, "")]
    for value in equipment:
        terms += [value.replace("_", " "), EQUIPMENT.get(value, "")]
    seen: dict[str, None] = {}
    for term in terms:
        term = " ".join(term.casefold().split())
        for variant in (term, term.replace("-", " "), term.replace("'", "").replace("\u2019", "")):
            if variant:
                seen.setdefault(variant, None)
    return " | ".join(seen)[:SEARCH_TEXT_MAX]


# --- the entries ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class BuiltinExercise:
    slug: str
    name: str
    category: ExerciseCategory
    primary_muscles: tuple[str, ...]
    secondary_muscles: tuple[str, ...]
    equipment: tuple[str, ...]
    difficulty: Difficulty
    mechanics: Mechanics
    tracking: Tracking
    instructions: str
    safety_cues: str
    aliases: tuple[str, ...]

    def columns(self) -> dict[str, object]:
        """The Exercise column values this entry owns."""
        return {
            "name": self.name, "category": self.category, "primary_muscles": list(self.primary_muscles),
            "secondary_muscles": list(self.secondary_muscles), "equipment": list(self.equipment),
            "difficulty": self.difficulty, "mechanics": self.mechanics, "tracking": self.tracking,
            "instructions": self.instructions, "safety_cues": self.safety_cues, "aliases": list(self.aliases),
            "search_text": search_text_for(name=self.name, aliases=self.aliases, primary=self.primary_muscles,
                                           secondary=self.secondary_muscles, equipment=self.equipment),
        }


STR, CAR, PLY = ExerciseCategory.STRENGTH, ExerciseCategory.CARDIO, ExerciseCategory.PLYOMETRIC
MOB, COR, STE = ExerciseCategory.MOBILITY, ExerciseCategory.CORE, ExerciseCategory.STRETCHING
BEG, INT, ADV = Difficulty.BEGINNER, Difficulty.INTERMEDIATE, Difficulty.ADVANCED
CMP, ISO = Mechanics.COMPOUND, Mechanics.ISOLATION
LR, R, T, DT = Tracking.LOAD_REPS, Tracking.REPS, Tracking.TIME, Tracking.DISTANCE_TIME


def _x(slug: str, name: str, category: ExerciseCategory, primary: str, secondary: str, equipment: str,
       difficulty: Difficulty, mechanics: Mechanics, tracking: Tracking, instructions: str, safety: str,
       aliases: str = "") -> BuiltinExercise:
    """One entry; muscles and equipment are space-separated vocabulary values, aliases comma-separated."""
    return BuiltinExercise(
        slug=slug, name=name, category=category, primary_muscles=tuple(primary.split()),
        secondary_muscles=tuple(secondary.split()), equipment=tuple(equipment.split()), difficulty=difficulty,
        mechanics=mechanics, tracking=tracking, instructions=instructions, safety_cues=safety,
        aliases=tuple(a.strip() for a in aliases.split(",") if a.strip()),
    )


# slug, name, category, primary, secondary, equipment, difficulty, mechanics, tracking, instructions, safety, aliases
LIBRARY: tuple[BuiltinExercise, ...] = (
    # --- legs: squat and lunge patterns ---
    _x("barbell-back-squat", "Barbell back squat", STR, "quads glutes", "adductors hamstrings lower_back abs",
       "barbell", INT, CMP, LR,
       "Rest the bar across your upper back, lift it out of the rack and take a stance about shoulder width. "
       "Sit down between your heels until your thighs are at least level with the floor, then stand back up by "
       "pushing through the whole foot.",
       "Take a big breath and brace before each rep, and let your knees travel in line with your toes. Squat inside "
       "a rack with the safety arms set just under your lowest point.",
       "back squat, squat, high-bar squat, low-bar squat"),
    _x("barbell-front-squat", "Barbell front squat", STR, "quads", "glutes upper_back abs adductors", "barbell",
       ADV, CMP, LR,
       "Hold the bar on the front of your shoulders with your elbows pointing forward and high. Squat straight "
       "down keeping your chest tall, then drive back up without letting the elbows drop.",
       "If your wrists hurt, use a cross-arm or strap grip. Drop the bar forward and step back if you lose it.",
       "front squat"),
    _x("goblet-squat", "Goblet squat", STR, "quads glutes", "abs upper_back adductors", "dumbbell kettlebell",
       BEG, CMP, LR,
       "Hold one dumbbell or kettlebell upright against your chest. Squat down between your knees with an upright "
       "torso, pause briefly at the bottom, and stand up.",
       "Keep the weight pinned to your chest so it does not pull you forward, and stop where your lower back "
       "starts to round.",
       "goblet, kb squat, db squat"),
    _x("bodyweight-squat", "Bodyweight squat", STR, "quads glutes", "hamstrings abs", "bodyweight", BEG, CMP, R,
       "Stand with your feet a little wider than your hips and reach your arms forward for balance. Sit your hips "
       "back and down as low as you can control, then stand tall.",
       "Keep your heels on the floor and your knees following your toes; use a chair behind you as a depth target "
       "when learning.",
       "air squat, squat"),
    _x("box-squat", "Box squat", STR, "glutes quads", "hamstrings lower_back adductors", "barbell box", INT, CMP, LR,
       "Set a box behind you at about knee height and take the bar as for a back squat. Sit back until you are "
       "seated on the box for a moment, stay braced, then drive up.",
       "Touch the box under control rather than dropping onto it, and do not relax your trunk while seated.",
       "box squats"),
    _x("smith-machine-squat", "Smith machine squat", STR, "quads glutes", "hamstrings adductors", "smith_machine",
       BEG, CMP, LR,
       "Stand under the fixed bar with your feet slightly in front of your hips. Unhook the bar, squat to a depth "
       "you control and push back up.",
       "Set the machine's safety stops before you start and re-hook the bar by turning your wrists at the top.",
       "smith squat"),
    _x("overhead-squat", "Overhead squat", STR, "quads glutes", "side_delts upper_back abs", "barbell",
       ADV, CMP, LR,
       "Lock a barbell overhead with a wide grip, arms straight and the bar over the middle of your feet. Squat as "
       "deep as you can while the bar stays balanced overhead, then stand.",
       "Practise with a dowel first; if the bar drifts forward, push it away and step out from under it.",
       "OHS"),
    _x("zercher-squat", "Zercher squat", STR, "quads glutes", "upper_back abs biceps", "barbell", ADV, CMP, LR,
       "Cradle the bar in the crook of your elbows with your hands clasped in front. Squat down with an upright "
       "chest and stand back up.",
       "Wrap the bar in a pad or towel to spare your forearms and start from pins set at hip height.",
       "zercher"),
    _x("pistol-squat", "Pistol squat", STR, "quads glutes", "abs hip_flexors calves", "bodyweight", ADV, CMP, R,
       "Stand on one leg with the other held straight out in front. Lower yourself on the standing leg as far as "
       "you can control, then rise without touching the free foot down.",
       "Progress by squatting to a box or holding a post; keep the standing knee in line with your toes.",
       "single-leg squat, one-leg squat"),
    _x("cossack-squat", "Cossack squat", STR, "adductors quads glutes", "hamstrings", "bodyweight kettlebell",
       INT, CMP, R,
       "Take a very wide stance. Shift your weight to one side and squat down on that leg while the other leg stays "
       "straight with its toes pointing up, then push back across to the other side.",
       "Only go as deep as your hips allow; holding a light kettlebell in front helps you balance.",
       "side squat"),
    _x("wall-sit", "Wall sit", STR, "quads", "glutes", "bodyweight", BEG, ISO, T,
       "Lean your back flat against a wall and walk your feet out until your knees are bent to about a right angle. "
       "Hold the position for the target time.",
       "Keep your knees above your ankles, not in front of your toes, and breathe steadily throughout.",
       "wall squat"),
    _x("bulgarian-split-squat", "Bulgarian split squat", STR, "quads glutes", "adductors hamstrings",
       "dumbbell bench", INT, CMP, LR,
       "Stand a stride in front of a bench and rest the top of your back foot on it. Holding dumbbells, lower until "
       "your rear knee nearly touches the floor and drive up through the front foot.",
       "Find a stance where your front heel stays down; start without weights until your balance is steady.",
       "rear-foot elevated split squat, RFESS, split squat"),
    _x("dumbbell-walking-lunge", "Dumbbell walking lunge", STR, "quads glutes", "adductors hamstrings calves",
       "dumbbell", INT, CMP, LR,
       "Hold a dumbbell in each hand and take a long step forward. Lower your back knee towards the floor, then push "
       "off and bring the back foot through into the next step.",
       "Keep a clear lane ahead of you and take steps long enough that your front heel stays planted.",
       "walking lunges, lunge walk"),
    _x("reverse-lunge", "Reverse lunge", STR, "quads glutes", "hamstrings adductors", "bodyweight", BEG, CMP, R,
       "From standing, step one foot well behind you and lower the back knee towards the floor. Push through the "
       "front foot to return to standing and alternate legs.",
       "Stepping backwards is easier on the knees than stepping forwards; hold a support if balance is an issue.",
       "backward lunge, lunges"),
    _x("dumbbell-reverse-lunge", "Dumbbell reverse lunge", STR, "quads glutes", "hamstrings adductors forearms",
       "dumbbell", INT, CMP, LR,
       "Hold dumbbells at your sides and step one foot back into a lunge. Lower under control and drive back to "
       "standing with the front leg.",
       "Keep your torso tall and the weights hanging still so they do not pull you off balance.",
       "db reverse lunge"),
    _x("lateral-lunge", "Lateral lunge", STR, "adductors quads glutes", "hamstrings", "bodyweight dumbbell",
       BEG, CMP, R,
       "Step wide to one side, bend that knee and sit your hips back while the other leg stays straight. Push off "
       "the bent leg to return to the middle.",
       "Keep both feet pointing forward and flat, and sit only as deep as your inner thighs allow.",
       "side lunge"),
    _x("dumbbell-step-up", "Dumbbell step-up", STR, "quads glutes", "hamstrings calves", "dumbbell box",
       BEG, CMP, LR,
       "Stand facing a sturdy box with a dumbbell in each hand. Place one whole foot on the box and stand up on it, "
       "then step back down with control.",
       "Pick a box height where your knee starts no higher than your hip, and push through the top leg rather than "
       "bouncing off the floor.",
       "step up, box step-up"),
    _x("leg-press", "Leg press", STR, "quads glutes", "hamstrings adductors", "machine", BEG, CMP, LR,
       "Sit in the machine with your feet about hip width on the platform. Release the safeties, lower the platform "
       "until your knees are well bent, then press it away without locking your knees hard.",
       "Keep your lower back and hips on the pad at the bottom; stop before they curl up.",
       "sled leg press, 45 degree leg press"),
    _x("hack-squat", "Hack squat", STR, "quads", "glutes adductors", "machine", INT, CMP, LR,
       "Set your shoulders under the pads and your feet mid-platform. Release the handles, squat down along the "
       "machine's track and press back up.",
       "Engage the safety handles before you step out, and keep your whole back against the pad.",
       "machine hack squat"),
    _x("leg-extension", "Leg extension", STR, "quads", "", "machine", BEG, ISO, LR,
       "Sit with the pad on your lower shins and line your knees up with the machine's pivot. Straighten your legs, "
       "squeeze for a moment and lower slowly.",
       "Use a controlled tempo and a load you can move without swinging.",
       "quad extension, knee extension"),
    _x("lying-leg-curl", "Lying leg curl", STR, "hamstrings", "calves", "machine", BEG, ISO, LR,
       "Lie face down with the pad just above your heels and your knees just off the bench. Curl your heels "
       "towards your glutes and lower slowly.",
       "Keep your hips pressed into the pad instead of lifting them to finish the rep.",
       "prone leg curl, hamstring curl"),
    _x("seated-leg-curl", "Seated leg curl", STR, "hamstrings", "calves", "machine", BEG, ISO, LR,
       "Sit with the pad behind your lower calves and the thigh pad snug. Pull your heels down and back under the "
       "seat, then return slowly.",
       "Adjust the back rest so your knees sit in line with the pivot.",
       "hamstring curl"),
    _x("nordic-hamstring-curl", "Nordic hamstring curl", STR, "hamstrings", "glutes calves", "bodyweight",
       ADV, ISO, R,
       "Kneel with your ankles anchored under something solid or held by a partner. Lean forward from the knees "
       "as slowly as you can with a straight line from knee to head, catch yourself with your hands and push back "
       "up.",
       "Start with small ranges and few reps: this is very demanding on the hamstrings and leaves them sore.",
       "nordic curl, nordics, natural glute-ham raise"),
    # --- legs: hinge, glutes and calves ---
    _x("conventional-deadlift", "Deadlift", STR, "hamstrings glutes lower_back", "quads traps forearms upper_back",
       "barbell", INT, CMP, LR,
       "Stand with the bar over your mid-foot, grip it just outside your legs and pull the slack out of it. Push "
       "the floor away and stand up tall with the bar close to your legs, then lower it the same way.",
       "Keep your back flat and the bar touching your legs; set it down rather than dropping it from the top.",
       "barbell deadlift, conventional deadlift, DL"),
    _x("sumo-deadlift", "Sumo deadlift", STR, "glutes adductors hamstrings", "quads lower_back traps", "barbell",
       INT, CMP, LR,
       "Take a wide stance with your toes turned out and grip the bar inside your knees. Push your knees out, "
       "keep your chest up and stand with the bar.",
       "Do not let your hips shoot up first; the bar should leave the floor as your legs push.",
       "sumo"),
    _x("trap-bar-deadlift", "Trap bar deadlift", STR, "quads glutes hamstrings", "lower_back traps forearms",
       "trap_bar", BEG, CMP, LR,
       "Stand in the middle of the hex bar and hold the handles at your sides. Bend your hips and knees, brace and "
       "stand up straight, then lower under control.",
       "Keep your chest proud and shoulders pulled down; stand fully upright without leaning back at the top.",
       "hex bar deadlift, hex bar"),
    _x("romanian-deadlift", "Romanian deadlift", STR, "hamstrings glutes", "lower_back forearms", "barbell",
       INT, CMP, LR,
       "Stand holding the bar at your hips with soft knees. Push your hips back and slide the bar down your thighs "
       "until you feel a strong stretch in your hamstrings, then drive your hips forward to stand.",
       "Your back stays flat the whole time; the depth is set by your hamstrings, not by reaching the floor.",
       "RDL, romanian, stiff-legged deadlift"),
    _x("dumbbell-romanian-deadlift", "Dumbbell Romanian deadlift", STR, "hamstrings glutes", "lower_back forearms",
       "dumbbell", BEG, CMP, LR,
       "Hold a dumbbell in each hand in front of your thighs. Hinge at the hips and let them slide down your legs to "
       "around mid-shin, then squeeze your glutes to return.",
       "Keep the weights close to your legs and your neck in line with your back.",
       "DB RDL, dumbbell RDL"),
    _x("single-leg-romanian-deadlift", "Single-leg Romanian deadlift", STR, "hamstrings glutes",
       "abductors lower_back abs", "dumbbell kettlebell", INT, CMP, LR,
       "Stand on one leg holding a weight in the opposite hand. Hinge forward as the free leg reaches back, keeping "
       "your hips square to the floor, then return to standing.",
       "Go slowly and touch a wall with your free hand if you wobble; keep a slight bend in the standing knee.",
       "single-leg RDL, SL RDL, one-leg deadlift"),
    _x("good-morning", "Good morning", STR, "hamstrings lower_back", "glutes", "barbell", INT, CMP, LR,
       "With a light bar on your upper back, unlock your knees and push your hips back, lowering your chest "
       "towards parallel. Drive your hips forward to stand.",
       "Use modest loads: the lever is long and the lower back works hard. Stop before your back starts to round.",
       "goodmorning, barbell good morning"),
    _x("rack-pull", "Rack pull", STR, "lower_back glutes traps", "hamstrings forearms upper_back", "barbell",
       INT, CMP, LR,
       "Set the bar on safety pins around knee height. Grip it, brace and stand up by driving your hips forward, "
       "then lower it back to the pins.",
       "Set the bar down softly on the pins to protect the rack and your grip.",
       "block pull, partial deadlift"),
    _x("barbell-hip-thrust", "Barbell hip thrust", STR, "glutes", "hamstrings quads", "barbell bench", INT, ISO, LR,
       "Sit with your upper back against a bench and a padded bar across your hips. Plant your feet and drive your "
       "hips up until your body is flat from shoulders to knees, pause, then lower.",
       "Tuck your chin slightly and finish with your ribs down instead of arching your lower back.",
       "hip thrust, glute thrust"),
    _x("glute-bridge", "Glute bridge", STR, "glutes", "hamstrings abs", "bodyweight", BEG, ISO, R,
       "Lie on your back with knees bent and feet flat near your hips. Squeeze your glutes to lift your hips until "
       "your body is straight from shoulders to knees, then lower.",
       "Push through your heels and stop before your lower back arches.",
       "bridge, hip bridge"),
    _x("single-leg-glute-bridge", "Single-leg glute bridge", STR, "glutes", "hamstrings abs", "bodyweight",
       INT, ISO, R,
       "Lie on your back with one foot planted and the other leg raised. Press through the planted heel to lift your "
       "hips level, then lower slowly.",
       "Keep your pelvis from tipping towards the raised-leg side.",
       "one-leg bridge"),
    _x("kettlebell-swing", "Kettlebell swing", STR, "glutes hamstrings", "lower_back abs forearms front_delts",
       "kettlebell", INT, CMP, LR,
       "Hike the bell back between your legs, then snap your hips forward so it floats up to chest height. Let it "
       "fall back into the next hinge and repeat.",
       "The power comes from the hips, not the arms; keep your back flat and the bell close on the backswing.",
       "russian swing, KB swing, two-hand swing"),
    _x("cable-pull-through", "Cable pull-through", STR, "glutes hamstrings", "lower_back", "cable", BEG, CMP, LR,
       "Face away from a low cable holding a rope between your legs. Hinge back so the rope travels through, then "
       "drive your hips forward to stand tall.",
       "Walk far enough from the stack to keep tension, and keep your arms relaxed like hooks.",
       "pull through"),
    _x("back-extension", "Back extension", STR, "lower_back glutes", "hamstrings", "machine", BEG, CMP, R,
       "Set the pad of the 45-degree bench just below your hip bones. Lower your upper body by bending at the hips, "
       "then rise until your body is in a straight line.",
       "Stop at straight; leaning back past it squeezes the lower back for no benefit.",
       "hyperextension, roman chair, 45 degree back extension"),
    _x("standing-calf-raise", "Standing calf raise", STR, "calves", "", "machine", BEG, ISO, LR,
       "Stand on the edge of the platform with the pads on your shoulders. Lower your heels as far as they go, "
       "then rise as high onto your toes as you can.",
       "Pause at the bottom to remove the bounce and keep your knees straight but not locked.",
       "calf raise, calf raises"),
    _x("seated-calf-raise", "Seated calf raise", STR, "calves", "", "machine", BEG, ISO, LR,
       "Sit with the pad across your lower thighs and the balls of your feet on the step. Lower your heels, then "
       "press up onto your toes.",
       "Move slowly through the whole range instead of bouncing out of the bottom.",
       "soleus raise"),
    _x("single-leg-calf-raise", "Single-leg calf raise", STR, "calves", "", "bodyweight", BEG, ISO, R,
       "Stand on one foot on a step and hold a rail for balance. Drop your heel below the step, then rise onto "
       "your toes as high as you can.",
       "Hold on lightly; use the support for balance, not to help the lift.",
       "one-leg calf raise"),
    _x("hip-abduction-machine", "Hip abduction machine", STR, "abductors glutes", "", "machine", BEG, ISO, LR,
       "Sit in the machine with the pads on the outside of your knees. Push your knees apart against the pads, "
       "pause, and return slowly.",
       "Keep your back against the seat and move with control instead of letting the stack slam.",
       "abductor machine, outer thigh machine"),
    _x("hip-adduction-machine", "Hip adduction machine", STR, "adductors", "", "machine", BEG, ISO, LR,
       "Sit with the pads on the inside of your knees, starting at a width that feels comfortable. Squeeze your "
       "knees together and open slowly.",
       "Start with a narrow opening and widen it over weeks; the inner thigh strains easily.",
       "adductor machine, inner thigh machine"),
    _x("banded-lateral-walk", "Banded lateral walk", STR, "abductors glutes", "quads", "band", BEG, ISO, R,
       "Place a mini band around your legs above the knees or at the ankles and sit into a quarter squat. Step "
       "sideways in small controlled steps without letting your feet come together.",
       "Keep the band under tension throughout and your toes pointing forward.",
       "monster walk, band walk, crab walk"),
    _x("cable-glute-kickback", "Cable glute kickback", STR, "glutes", "hamstrings", "cable", BEG, ISO, LR,
       "Attach an ankle strap to a low cable and hold the frame. Kick the strapped leg straight back by squeezing "
       "your glute, then return slowly.",
       "Move from the hip, not by arching your lower back.",
       "glute kickback, cable kickback, donkey kick"),
    _x("sled-push", "Sled push", STR, "quads glutes", "calves abs front_delts", "sled", INT, CMP, DT,
       "Hold the sled's upright posts with your arms extended and lean in. Drive it forward with short, powerful "
       "steps over the target distance.",
       "Keep your back flat and your head neutral; stop before your form breaks down.",
       "prowler push, prowler"),
    _x("sled-drag", "Backward sled drag", STR, "quads", "calves glutes forearms", "sled", BEG, CMP, DT,
       "Hold the sled's straps or handles and face it. Walk backwards, pushing through the balls of your feet and "
       "straightening each knee as you go.",
       "Check the path behind you is clear before you start.",
       "sled pull, reverse sled drag"),
    _x("farmers-carry", "Farmer's carry", STR, "forearms traps", "abs obliques glutes", "dumbbell kettlebell",
       BEG, CMP, DT,
       "Pick up a heavy weight in each hand and stand tall. Walk with short, steady steps over the target distance, "
       "then set the weights down with a flat back.",
       "Lift and lower the weights like a deadlift, and put them down before your grip gives out.",
       "farmer's walk, farmers walk, loaded carry"),
    # --- chest ---
    _x("barbell-bench-press", "Barbell bench press", STR, "chest", "front_delts triceps", "barbell bench",
       INT, CMP, LR,
       "Lie on the bench with your eyes under the bar, feet flat and shoulder blades squeezed together. Lower the "
       "bar to your lower chest with forearms vertical, then press it back up over your shoulders.",
       "Use a spotter or the rack's safety arms, and always wrap your thumbs around the bar.",
       "bench press, bench, flat bench, BP"),
    _x("incline-barbell-bench-press", "Incline barbell bench press", STR, "chest front_delts", "triceps",
       "barbell bench", INT, CMP, LR,
       "Set the bench to a low incline and lie under the bar. Lower it to your upper chest and press it back "
       "up and slightly back over your shoulders.",
       "Keep your shoulder blades pinned and ask for a spot on heavy sets.",
       "incline bench, incline press"),
    _x("decline-bench-press", "Decline bench press", STR, "chest", "triceps front_delts", "barbell bench",
       INT, CMP, LR,
       "Hook your legs under the pads of a decline bench and take the bar over your chest. Lower it to the bottom "
       "of your chest and press up.",
       "Have a spotter hand you the bar out and take it back: re-racking from a decline is awkward.",
       "decline press"),
    _x("close-grip-bench-press", "Close-grip bench press", STR, "triceps chest", "front_delts", "barbell bench",
       INT, CMP, LR,
       "Grip the bar about shoulder width apart and lie as for a bench press. Lower it to your lower chest with "
       "elbows close to your sides and press back up.",
       "A grip much narrower than your shoulders strains the wrists without working the triceps more.",
       "CGBP, close grip bench"),
    _x("dumbbell-bench-press", "Dumbbell bench press", STR, "chest", "front_delts triceps", "dumbbell bench",
       BEG, CMP, LR,
       "Lie on a flat bench with a dumbbell in each hand above your chest. Lower them to the sides of your chest, "
       "then press them back up until your arms are straight.",
       "Get the dumbbells into place by kicking them up from your knees, and lower them the same way at the end.",
       "DB bench, dumbbell press, DB press"),
    _x("incline-dumbbell-press", "Incline dumbbell press", STR, "chest front_delts", "triceps", "dumbbell bench",
       BEG, CMP, LR,
       "Set the bench to 30-45 degrees and lie back with a dumbbell in each hand. Lower them beside your upper "
       "chest and press back up.",
       "Keep your wrists stacked over your elbows and your shoulder blades against the bench.",
       "incline DB press, incline dumbbell bench"),
    _x("dumbbell-floor-press", "Dumbbell floor press", STR, "chest triceps", "front_delts", "dumbbell", BEG, CMP, LR,
       "Lie on the floor with knees bent and a dumbbell in each hand. Lower until your upper arms touch the floor, "
       "pause, then press up.",
       "Let the elbows land softly; the floor limits the range, which suits sore shoulders.",
       "floor press"),
    _x("dumbbell-fly", "Dumbbell fly", STR, "chest", "front_delts", "dumbbell bench", BEG, ISO, LR,
       "Lie on a bench holding dumbbells above your chest with a slight bend in your elbows. Open your arms in a "
       "wide arc until you feel a stretch across your chest, then bring them back together.",
       "Use light weights and keep the elbow bend fixed; do not lower below the level of the bench.",
       "dumbbell flye, chest fly, pec fly"),
    _x("cable-crossover", "Cable crossover", STR, "chest", "front_delts", "cable", BEG, ISO, LR,
       "Stand between two high pulleys with a handle in each hand and one foot forward. Sweep your hands down and "
       "together in front of your hips, then let them open slowly.",
       "Keep your elbows slightly bent and your torso still.",
       "cable fly, cable flye"),
    _x("pec-deck", "Pec deck", STR, "chest", "front_delts", "machine", BEG, ISO, LR,
       "Sit with your back against the pad and your forearms or hands on the handles at chest height. Bring the "
       "handles together in front of you and return slowly.",
       "Set the seat so the handles are level with your chest and start from a comfortable stretch.",
       "machine fly, pec fly machine, butterfly"),
    _x("machine-chest-press", "Machine chest press", STR, "chest", "triceps front_delts", "machine", BEG, CMP, LR,
       "Adjust the seat so the handles line up with the middle of your chest. Press the handles forward until your "
       "arms are straight and return slowly.",
       "Keep your back on the pad and do not let the weight stack crash between reps.",
       "chest press, seated chest press"),
    _x("push-up", "Push-up", STR, "chest", "triceps front_delts abs", "bodyweight", BEG, CMP, R,
       "Set your hands a little wider than your shoulders and your body in a straight line from head to heels. "
       "Lower your chest to just above the floor and push back up.",
       "Keep your hips level with your shoulders and your elbows at about 45 degrees from your body.",
       "press-up, pushup, press up"),
    _x("incline-push-up", "Incline push-up", STR, "chest", "triceps front_delts", "bench", BEG, CMP, R,
       "Place your hands on a bench or box and walk your feet back into a straight plank. Lower your chest to the "
       "edge and press away.",
       "The higher the surface, the easier the rep; make sure it cannot slide.",
       "incline press-up, elevated push-up"),
    _x("decline-push-up", "Decline push-up", STR, "chest front_delts", "triceps abs", "box", INT, CMP, R,
       "Put your feet up on a box or bench and your hands on the floor. Lower your chest towards the floor and "
       "push back up while keeping your body straight.",
       "Do not let your hips sag as the angle increases the load on your trunk.",
       "feet-elevated push-up, decline press-up"),
    _x("diamond-push-up", "Diamond push-up", STR, "triceps", "chest front_delts", "bodyweight", INT, CMP, R,
       "Place your hands together under your chest so your thumbs and index fingers form a diamond. Lower until "
       "your chest nears your hands and press up.",
       "If your wrists or elbows complain, move your hands slightly apart.",
       "close-grip push-up, triangle push-up"),
    _x("plyometric-push-up", "Plyometric push-up", PLY, "chest", "triceps front_delts", "bodyweight", ADV, CMP, R,
       "Lower into a push-up and press up so hard that your hands leave the floor. Land with soft elbows and go "
       "straight into the next rep.",
       "Master strict push-ups first and land on a mat to cushion the wrists.",
       "clap push-up, explosive push-up"),
    _x("chest-dip", "Chest dip", STR, "chest triceps", "front_delts", "dip_bars", INT, CMP, R,
       "Support yourself on parallel bars with straight arms. Lean forward slightly and lower until your shoulders "
       "are just below your elbows, then press back up.",
       "Stop where your shoulders feel comfortable; use a band or assisted machine to build up.",
       "dip, dips, parallel bar dip"),
    _x("ring-dip", "Ring dip", STR, "chest triceps", "front_delts abs", "rings", ADV, CMP, R,
       "Support yourself on gymnastic rings with straight arms and the rings turned out slightly at your hips. "
       "Lower until your shoulders are just below your elbows, keeping the rings close to your body, then press "
       "back up.",
       "The rings move freely: master bar dips and a steady ring support hold first.",
       "rings dip"),
    _x("landmine-press", "Landmine press", STR, "front_delts chest", "triceps abs", "landmine barbell", BEG, CMP, LR,
       "Hold the end of a landmine barbell at your shoulder in a split stance. Press it up and forward until your "
       "arm is straight, then lower it back.",
       "Brace your trunk so you do not twist as you press.",
       "angled press, half-kneeling landmine press"),
    _x("suspension-chest-press", "Suspension chest press", STR, "chest", "triceps front_delts abs", "trx",
       INT, CMP, R,
       "Face away from the anchor holding the handles with straight arms and lean forward. Lower your chest "
       "between the handles and press back to the start.",
       "Walk your feet back to make it harder; keep the straps from rubbing your arms.",
       "TRX chest press, TRX push-up"),
    # --- back ---
    _x("pull-up", "Pull-up", STR, "lats upper_back", "biceps forearms rear_delts", "pull_up_bar", INT, CMP, R,
       "Hang from the bar with an overhand grip slightly wider than your shoulders. Pull your chest towards the "
       "bar until your chin clears it, then lower all the way down.",
       "Avoid kipping unless that is the goal; lower slowly to protect your elbows and shoulders.",
       "pullup, pull up, overhand pull-up"),
    _x("chin-up", "Chin-up", STR, "lats biceps", "upper_back forearms", "pull_up_bar", INT, CMP, R,
       "Hang with an underhand grip about shoulder width apart. Pull until your chin is over the bar and lower "
       "to a full hang.",
       "Keep your ribs down and your legs still rather than swinging.",
       "chinup, chin up, underhand pull-up"),
    _x("assisted-pull-up", "Assisted pull-up", STR, "lats upper_back", "biceps forearms", "machine band",
       BEG, CMP, LR,
       "Kneel or stand on the machine's platform, or loop a band under your knee, and grip the bar. Pull up until "
       "your chin passes the bar and lower slowly.",
       "Record the assistance as the load; less assistance means a harder rep.",
       "band-assisted pull-up, machine assisted pull-up"),
    _x("scapular-pull-up", "Scapular pull-up", STR, "upper_back lats", "forearms", "pull_up_bar", BEG, ISO, R,
       "Hang from the bar with straight arms. Pull your shoulder blades down and back to lift your body a few "
       "centimetres, then let them rise again.",
       "Your elbows stay straight the whole time; this trains the start of a pull-up.",
       "scap pull-up, scapula pull"),
    _x("dead-hang", "Dead hang", STR, "forearms", "lats upper_back", "pull_up_bar", BEG, ISO, T,
       "Grip the bar overhand and hang with straight arms and relaxed legs. Hold for the target time.",
       "Step down before your grip fails instead of dropping.",
       "bar hang, hang"),
    _x("lat-pulldown", "Lat pulldown", STR, "lats", "biceps upper_back rear_delts", "cable machine", BEG, CMP, LR,
       "Sit with your thighs under the pads and grip the bar a little wider than your shoulders. Pull it down to "
       "your upper chest while leaning back slightly, then let it rise under control.",
       "Do not pull the bar behind your neck, and avoid rocking your torso to move the weight.",
       "pulldown, lat pull-down, wide-grip pulldown"),
    _x("straight-arm-pulldown", "Straight-arm pulldown", STR, "lats", "triceps abs", "cable", BEG, ISO, LR,
       "Stand facing a high pulley holding a bar or rope with straight arms. Sweep it down to your thighs in an "
       "arc and let it return slowly.",
       "Hinge forward slightly and keep your elbows only softly bent.",
       "straight-arm lat pulldown, cable pullover"),
    _x("seated-cable-row", "Seated cable row", STR, "upper_back lats", "biceps rear_delts", "cable", BEG, CMP, LR,
       "Sit at a low pulley with your feet on the platform and knees soft. Pull the handle to your lower ribs, "
       "squeezing your shoulder blades together, and reach forward again slowly.",
       "Keep your torso still and upright; the arms and back do the work.",
       "cable row, low row, seated row"),
    _x("barbell-bent-over-row", "Barbell bent-over row", STR, "upper_back lats", "biceps rear_delts lower_back",
       "barbell", INT, CMP, LR,
       "Hinge forward with the bar hanging at arm's length and your back flat. Row the bar to your lower ribs and "
       "lower it under control.",
       "Hold the hinge angle steady; if you have to stand up to move the bar, it is too heavy.",
       "bent over row, barbell row, BOR"),
    _x("pendlay-row", "Pendlay row", STR, "upper_back lats", "biceps rear_delts lower_back", "barbell",
       ADV, CMP, LR,
       "Bend over until your torso is nearly parallel to the floor with the bar resting on it. Pull it explosively "
       "to your lower chest, then return it to the floor for each rep.",
       "Reset your back position on every rep before you pull.",
       "dead-stop row"),
    _x("one-arm-dumbbell-row", "One-arm dumbbell row", STR, "lats upper_back", "biceps rear_delts",
       "dumbbell bench", BEG, CMP, LR,
       "Place one hand and knee on a bench and hold a dumbbell in the other hand. Pull it towards your hip, then "
       "lower until your arm is straight.",
       "Keep your back flat and your shoulders square to the floor; avoid twisting to lift the weight.",
       "DB row, single-arm row, one arm row"),
    _x("chest-supported-dumbbell-row", "Chest-supported dumbbell row", STR, "upper_back", "lats rear_delts biceps",
       "dumbbell bench", BEG, CMP, LR,
       "Lie face down on an incline bench with a dumbbell in each hand. Row the weights up beside your ribs and "
       "lower them slowly.",
       "Keep your chest on the pad so your lower back can rest.",
       "incline row, seal row"),
    _x("t-bar-row", "T-bar row", STR, "upper_back lats", "biceps rear_delts lower_back", "landmine barbell",
       INT, CMP, LR,
       "Straddle a landmine bar and hold a handle under the plates. Hinge forward and row the bar to your chest, "
       "then lower it.",
       "Keep your back flat and avoid jerking the bar up with your hips.",
       "landmine row, tbar row"),
    _x("inverted-row", "Inverted row", STR, "upper_back lats", "biceps rear_delts abs", "smith_machine",
       BEG, CMP, R,
       "Lie under a bar set at waist height and grip it with straight arms. Keep your body straight and pull your "
       "chest to the bar, then lower.",
       "Bend your knees to make it easier; raise your feet to make it harder.",
       "bodyweight row, Australian pull-up, body row"),
    _x("suspension-row", "Suspension row", STR, "upper_back lats", "biceps rear_delts", "trx", BEG, CMP, R,
       "Hold the handles and lean back with straight arms and a straight body. Pull your chest up to your hands "
       "and lower slowly.",
       "Walk your feet forward to make it harder; keep your hips from sagging.",
       "TRX row, ring row"),
    _x("machine-row", "Machine row", STR, "upper_back lats", "biceps rear_delts", "machine", BEG, CMP, LR,
       "Sit with your chest against the pad and grip the handles. Pull them towards you, squeezing your shoulder "
       "blades, and let them return slowly.",
       "Set the seat so the handles are at mid-chest height.",
       "seated machine row, chest-supported machine row"),
    _x("renegade-row", "Renegade row", STR, "upper_back abs", "lats obliques triceps", "dumbbell", ADV, CMP, LR,
       "Set up in a push-up position holding two dumbbells on the floor. Row one dumbbell to your hip while "
       "bracing on the other, then swap sides.",
       "Widen your feet for stability and keep your hips from twisting.",
       "plank row"),
    _x("face-pull", "Face pull", STR, "rear_delts upper_back", "traps", "cable", BEG, ISO, LR,
       "Set a rope at face height and hold it with your thumbs towards you. Pull the rope towards your forehead as "
       "you spread the ends apart, then return slowly.",
       "Use a light weight and finish with your hands beside your ears, elbows high.",
       "rope face pull"),
    _x("band-pull-apart", "Band pull-apart", STR, "rear_delts upper_back", "traps", "band", BEG, ISO, R,
       "Hold a light band at shoulder height with straight arms. Pull it apart until it touches your chest, "
       "then let it return.",
       "Keep your shoulders away from your ears and your ribs down.",
       "pull apart, band pull apart"),
    _x("barbell-shrug", "Barbell shrug", STR, "traps", "forearms", "barbell", BEG, ISO, LR,
       "Hold a barbell at arm's length in front of your thighs. Lift your shoulders straight up towards your ears, "
       "pause, and lower.",
       "Shrug straight up and down rather than rolling your shoulders.",
       "shrug, shrugs"),
    _x("dumbbell-shrug", "Dumbbell shrug", STR, "traps", "forearms", "dumbbell", BEG, ISO, LR,
       "Hold a dumbbell in each hand at your sides. Raise your shoulders as high as you can, hold a moment and lower "
       "them fully.",
       "Keep your arms long; bending the elbows turns it into a row.",
       "DB shrug"),
    # --- shoulders ---
    _x("overhead-press", "Overhead press", STR, "front_delts side_delts", "triceps upper_back abs", "barbell",
       INT, CMP, LR,
       "Hold the bar at your collarbones with a grip just outside your shoulders. Press it straight up, moving your "
       "head back out of the way, and finish with the bar over the middle of your feet.",
       "Squeeze your glutes and brace so you do not lean back to finish the press.",
       "OHP, military press, strict press, shoulder press"),
    _x("push-press", "Push press", STR, "front_delts triceps", "quads glutes side_delts", "barbell", ADV, CMP, LR,
       "Hold the bar on your shoulders, dip a few centimetres at the knees and drive up hard. Use that drive to "
       "press the bar to straight arms overhead.",
       "The dip is short and straight down; keep your heels down until the legs have driven.",
       "barbell push press"),
    _x("seated-dumbbell-shoulder-press", "Seated dumbbell shoulder press", STR, "front_delts side_delts",
       "triceps", "dumbbell bench", BEG, CMP, LR,
       "Sit on an upright bench with the dumbbells at shoulder height. Press them overhead until your arms are "
       "straight, then lower them back to your shoulders.",
       "Keep your back against the pad and do not clash the weights together at the top.",
       "dumbbell shoulder press, DB shoulder press, seated press"),
    _x("arnold-press", "Arnold press", STR, "front_delts side_delts", "triceps", "dumbbell", INT, CMP, LR,
       "Start with the dumbbells in front of your shoulders, palms facing you. Rotate your palms forward as you "
       "press up, and reverse the turn as you lower.",
       "Use lighter weights than for a standard press; the rotation should stay smooth.",
       "arnold"),
    _x("machine-shoulder-press", "Machine shoulder press", STR, "front_delts", "triceps side_delts", "machine",
       BEG, CMP, LR,
       "Set the seat so the handles are at shoulder height. Press them overhead and lower them under control.",
       "Keep your back on the pad and stop just short of locking your elbows.",
       "shoulder press machine"),
    _x("dumbbell-lateral-raise", "Dumbbell lateral raise", STR, "side_delts", "traps", "dumbbell", BEG, ISO, LR,
       "Stand with a dumbbell at each side and a slight bend in your elbows. Raise your arms out to the side until "
       "they are level with your shoulders, then lower slowly.",
       "Lead with your elbows and use light weights instead of swinging heavy ones.",
       "lateral raise, side raise, side lateral"),
    _x("cable-lateral-raise", "Cable lateral raise", STR, "side_delts", "traps", "cable", BEG, ISO, LR,
       "Stand side-on to a low pulley and hold the handle with the far hand. Raise your arm out to the side to "
       "shoulder height and lower slowly.",
       "Stand tall and let the cable, not momentum, set the pace.",
       "cable side raise"),
    _x("dumbbell-front-raise", "Dumbbell front raise", STR, "front_delts", "side_delts", "dumbbell", BEG, ISO, LR,
       "Hold dumbbells in front of your thighs. Raise them forward with straight arms to shoulder height and lower "
       "them slowly.",
       "Avoid leaning back to swing the weights up.",
       "front raise, front delt raise"),
    _x("reverse-dumbbell-fly", "Reverse dumbbell fly", STR, "rear_delts", "upper_back traps", "dumbbell",
       BEG, ISO, LR,
       "Hinge forward with a flat back and let light dumbbells hang below your chest. Raise them out to the sides "
       "until your arms are level with your body, then lower.",
       "Keep your neck neutral and the weights light enough to pause at the top.",
       "rear delt fly, bent-over fly, reverse fly"),
    _x("reverse-pec-deck", "Reverse pec deck", STR, "rear_delts", "upper_back", "machine", BEG, ISO, LR,
       "Sit facing the pad of the fly machine and hold the handles in front of you. Sweep your arms back and out "
       "until they line up with your shoulders and return slowly.",
       "Keep your chest on the pad and a soft bend in the elbows.",
       "rear delt machine, reverse machine fly"),
    _x("upright-row", "Upright row", STR, "side_delts traps", "biceps front_delts", "ez_bar", INT, CMP, LR,
       "Hold the bar in front of your thighs with a grip about shoulder width. Pull it up close to your body until "
       "your elbows reach shoulder height, then lower.",
       "A wider grip and stopping at shoulder height keep the shoulder joint comfortable.",
       "barbell upright row"),
    _x("cable-external-rotation", "Cable external rotation", STR, "rear_delts", "upper_back", "cable band",
       BEG, ISO, LR,
       "Stand side-on to a cable set at elbow height with a towel between your elbow and side. Rotate your forearm "
       "outwards away from your body and return slowly.",
       "Use very light loads; this is rotator cuff work, not a strength test.",
       "external rotation, rotator cuff, band external rotation"),
    _x("pike-push-up", "Pike push-up", STR, "front_delts", "triceps side_delts", "bodyweight", INT, CMP, R,
       "Start in a push-up position and walk your feet in so your hips lift into an upside-down V. Bend your elbows "
       "to lower your head towards the floor and press back up.",
       "Lower your head in front of your hands, not straight down onto them.",
       "pike press"),
    _x("handstand-push-up", "Handstand push-up", STR, "front_delts triceps", "side_delts upper_back", "bodyweight",
       ADV, CMP, R,
       "Kick up into a handstand with your heels against a wall. Lower your head to a mat under control and press "
       "back up to straight arms.",
       "Learn to bail out of a handstand first and use a folded mat under your head.",
       "HSPU, wall handstand push-up"),
    # --- arms ---
    _x("barbell-curl", "Barbell curl", STR, "biceps", "forearms", "barbell", BEG, ISO, LR,
       "Hold a barbell with an underhand grip at shoulder width. Curl it up to your shoulders keeping your elbows "
       "at your sides, then lower it fully.",
       "Stand tall and do not swing the bar up with your hips.",
       "bicep curl, biceps curl, standing curl"),
    _x("ez-bar-curl", "EZ-bar curl", STR, "biceps", "forearms", "ez_bar", BEG, ISO, LR,
       "Hold the angled grips of an EZ bar. Curl the bar up towards your chest with still elbows and lower it "
       "slowly.",
       "The angled grips are kinder to the wrists; keep them straight rather than curled.",
       "ez curl"),
    _x("dumbbell-curl", "Dumbbell curl", STR, "biceps", "forearms", "dumbbell", BEG, ISO, LR,
       "Hold dumbbells at your sides with palms forward. Curl them up together or alternating, then lower them "
       "until your arms are straight.",
       "Keep your upper arms still and the weights under control on the way down.",
       "bicep curl, DB curl, alternating curl"),
    _x("hammer-curl", "Hammer curl", STR, "biceps forearms", "", "dumbbell", BEG, ISO, LR,
       "Hold dumbbells at your sides with palms facing each other. Curl them up keeping that neutral grip and lower "
       "slowly.",
       "Avoid swinging; the forearm muscles tire quickly in this grip.",
       "neutral-grip curl"),
    _x("preacher-curl", "Preacher curl", STR, "biceps", "forearms", "ez_bar bench", BEG, ISO, LR,
       "Sit at a preacher bench with the backs of your upper arms on the pad. Curl the bar up and lower it until "
       "your arms are almost straight.",
       "Lower slowly and avoid dropping into a fully locked elbow with a heavy load.",
       "scott curl"),
    _x("incline-dumbbell-curl", "Incline dumbbell curl", STR, "biceps", "forearms", "dumbbell bench", INT, ISO, LR,
       "Lie back on a bench set at about 45 degrees with your arms hanging straight. Curl the dumbbells up without "
       "moving your elbows forward, then lower fully.",
       "Start lighter than usual: the stretched start makes this curl harder.",
       "incline curl"),
    _x("cable-curl", "Cable curl", STR, "biceps", "forearms", "cable", BEG, ISO, LR,
       "Stand facing a low pulley holding a bar with an underhand grip. Curl it up to your chest and let it lower "
       "under control.",
       "Stand close enough that the cable pulls straight up along your body.",
       "cable bicep curl"),
    _x("concentration-curl", "Concentration curl", STR, "biceps", "", "dumbbell bench", BEG, ISO, LR,
       "Sit on a bench and rest the back of your upper arm against your inner thigh. Curl the dumbbell up towards "
       "your shoulder and lower it slowly.",
       "Keep the upper arm fixed against your leg throughout.",
       "seated concentration curl"),
    _x("triceps-pushdown", "Triceps pushdown", STR, "triceps", "", "cable", BEG, ISO, LR,
       "Stand at a high pulley holding a rope or bar with your elbows at your sides. Push it down until your arms "
       "are straight, then let it rise until your forearms pass parallel.",
       "Pin your elbows to your sides; leaning over the weight turns it into a press.",
       "tricep pushdown, rope pushdown, pressdown"),
    _x("overhead-triceps-extension", "Overhead triceps extension", STR, "triceps", "", "dumbbell", BEG, ISO, LR,
       "Hold one dumbbell overhead with both hands. Lower it behind your head by bending your elbows, then "
       "straighten your arms again.",
       "Keep your ribs down and elbows pointing forward rather than flaring out.",
       "overhead extension, french press, tricep extension"),
    _x("skull-crusher", "Skull crusher", STR, "triceps", "", "ez_bar bench", INT, ISO, LR,
       "Lie on a bench holding an EZ bar above your chest. Bend only your elbows to lower it towards your forehead "
       "and straighten your arms again.",
       "Lower slowly and stop short of your head; a spotter helps on heavier sets.",
       "lying triceps extension, skullcrusher, LTE"),
    _x("bench-dip", "Bench dip", STR, "triceps", "chest front_delts", "bench", BEG, CMP, R,
       "Sit on the edge of a bench with your hands beside your hips and slide off it. Bend your elbows to lower "
       "your body, then press back up.",
       "Keep your back close to the bench and stop at a depth your shoulders tolerate.",
       "triceps dip, chair dip"),
    _x("dumbbell-triceps-kickback", "Dumbbell triceps kickback", STR, "triceps", "", "dumbbell bench", BEG, ISO, LR,
       "Support yourself on a bench and hold a dumbbell with your upper arm parallel to the floor. Straighten your "
       "elbow to kick the weight back and bend it again.",
       "Keep the upper arm still; only the forearm moves.",
       "kickback, tricep kickback"),
    _x("plate-pinch-hold", "Plate pinch hold", STR, "forearms", "", "plate", BEG, ISO, T,
       "Pinch two smooth weight plates together with their flat sides out, fingers on one side and thumb on the "
       "other. Stand tall and hold them at your side for the target time.",
       "Hold them just above the floor or over a mat so a slip does not land on your feet.",
       "pinch grip, plate pinch"),
    _x("wrist-curl", "Wrist curl", STR, "forearms", "", "dumbbell bench", BEG, ISO, LR,
       "Rest your forearms on a bench with your wrists over the edge, palms up. Let the dumbbell roll down to your "
       "fingers, then curl your wrist up.",
       "Light weights and high reps are plenty; forearm tendons dislike heavy jerks.",
       "forearm curl"),
    _x("reverse-curl", "Reverse curl", STR, "forearms biceps", "", "ez_bar", BEG, ISO, LR,
       "Hold a bar with an overhand grip at your thighs. Curl it up keeping your wrists straight and lower slowly.",
       "Use noticeably less weight than for a normal curl.",
       "overhand curl, reverse-grip curl"),
    # --- full body and power ---
    _x("power-clean", "Power clean", STR, "full_body", "hamstrings glutes quads traps upper_back", "barbell",
       ADV, CMP, LR,
       "Start as for a deadlift and pull the bar smoothly past your knees. Extend your hips explosively, shrug, and "
       "pull yourself under the bar to catch it on your shoulders in a quarter squat.",
       "Learn it from a coach with light weights and bumper plates; drop a missed lift forwards.",
       "clean, barbell clean"),
    _x("hang-power-clean", "Hang power clean", STR, "full_body", "hamstrings glutes traps upper_back", "barbell",
       ADV, CMP, LR,
       "Stand with the bar at your hips and hinge until it is just above your knees. Jump the bar up with your hips "
       "and catch it on the front of your shoulders with your elbows high.",
       "Keep the bar close to your body all the way up; do not reverse-curl it.",
       "hang clean"),
    _x("kettlebell-clean", "Kettlebell clean", STR, "glutes hamstrings", "forearms front_delts abs", "kettlebell",
       INT, CMP, LR,
       "Swing the bell back between your legs, then drive your hips forward and guide it close to your body into "
       "the rack position at your chest. Hinge to let it drop back between your legs for the next rep.",
       "Let the bell roll around your wrist rather than flip over and bang your forearm.",
       "KB clean"),
    _x("kettlebell-snatch", "Kettlebell snatch", STR, "full_body", "glutes hamstrings side_delts upper_back",
       "kettlebell", ADV, CMP, LR,
       "Swing the bell back with one hand, drive your hips and pull it up close to your body. Punch your hand "
       "through at the top so it settles overhead on a straight arm.",
       "Learn the swing and clean first; protect the hands with a relaxed grip.",
       "KB snatch"),
    _x("dumbbell-snatch", "Dumbbell snatch", STR, "full_body", "glutes hamstrings side_delts", "dumbbell",
       INT, CMP, LR,
       "Hold a dumbbell between your feet in a squat position. Drive up through your legs and hips, pulling the "
       "weight close to your body until it locks out overhead.",
       "Lower it to your shoulder first, then to the floor, rather than dropping it from overhead.",
       "single-arm dumbbell snatch, DB snatch"),
    _x("dumbbell-thruster", "Dumbbell thruster", STR, "quads front_delts", "glutes triceps abs", "dumbbell",
       INT, CMP, LR,
       "Hold dumbbells at your shoulders and squat down. Drive up out of the squat and use that momentum to press "
       "the weights overhead in one movement.",
       "Keep your elbows up in the squat so the weights do not tip you forward.",
       "thruster, squat to press"),
    _x("turkish-get-up", "Turkish get-up", STR, "full_body", "front_delts abs obliques glutes", "kettlebell",
       ADV, CMP, LR,
       "Lie on your back with a kettlebell held straight up in one hand. Stand up in a fixed sequence of steps "
       "while keeping the bell pointed at the ceiling, then reverse the steps to lie down.",
       "Keep your eyes on the bell and practise the steps without weight first.",
       "get-up, TGU"),
    _x("burpee", "Burpee", PLY, "full_body", "chest quads", "bodyweight", INT, CMP, R,
       "Squat down, place your hands on the floor and jump your feet back to a plank. Jump them back in and leap "
       "upwards with your arms overhead.",
       "Step back instead of jumping to make it lower impact.",
       "burpees, squat thrust"),
    _x("bear-crawl", "Bear crawl", COR, "abs full_body", "front_delts quads", "bodyweight", BEG, CMP, DT,
       "Get on hands and feet with your knees hovering just off the floor. Crawl forward by moving opposite hand "
       "and foot together for the target distance.",
       "Keep your back flat and your hips low; small steps are fine.",
       "crawl"),
    # --- core ---
    _x("plank", "Plank", COR, "abs", "obliques front_delts glutes", "bodyweight", BEG, ISO, T,
       "Rest on your forearms and toes with your elbows under your shoulders. Hold your body in a straight line "
       "from head to heels for the target time.",
       "Squeeze your glutes and keep your hips from sagging; stop when your form breaks.",
       "front plank, forearm plank"),
    _x("side-plank", "Side plank", COR, "obliques", "abs abductors", "bodyweight", BEG, ISO, T,
       "Lie on your side propped on one forearm with your elbow under your shoulder. Lift your hips so your body is "
       "straight and hold.",
       "Bend the bottom knee to make it easier; keep your hips stacked.",
       "side bridge"),
    _x("copenhagen-plank", "Copenhagen plank", COR, "adductors obliques", "abs", "bench", ADV, ISO, T,
       "Lie on your side with your top leg resting on a bench and your bottom forearm on the floor. Lift your hips "
       "so your body is straight, supported by the top leg, and hold.",
       "Start with the knee rather than the ankle on the bench to shorten the lever.",
       "copenhagen side plank, adductor plank"),
    _x("dead-bug", "Dead bug", COR, "abs", "hip_flexors", "bodyweight", BEG, ISO, R,
       "Lie on your back with your arms up and your knees bent over your hips. Lower the opposite arm and leg "
       "towards the floor while keeping your lower back flat, then return and switch sides.",
       "Move slowly and breathe out as you extend; shorten the reach if your back arches.",
       "deadbug"),
    _x("bird-dog", "Bird dog", COR, "abs lower_back", "glutes rear_delts", "bodyweight", BEG, CMP, R,
       "Kneel on all fours. Reach one arm forward and the opposite leg back until both are level with your body, "
       "pause, and return.",
       "Keep your hips level as if balancing a cup on your lower back.",
       "birddog, quadruped reach"),
    _x("hollow-body-hold", "Hollow body hold", COR, "abs", "hip_flexors", "bodyweight", INT, ISO, T,
       "Lie on your back, press your lower back into the floor and lift your shoulders and legs slightly. Hold the "
       "banana shape for the target time.",
       "Bend your knees or bring your arms forward if your lower back lifts off the floor.",
       "hollow hold, hollow rock"),
    _x("crunch", "Crunch", COR, "abs", "", "bodyweight", BEG, ISO, R,
       "Lie on your back with knees bent and hands lightly at your temples. Curl your shoulders off the floor "
       "towards your hips and lower slowly.",
       "Do not pull on your head; think about bringing your ribs to your pelvis.",
       "crunches, ab crunch"),
    _x("bicycle-crunch", "Bicycle crunch", COR, "obliques abs", "hip_flexors", "bodyweight", BEG, ISO, R,
       "Lie on your back with your hands at your temples and legs raised. Bring one elbow towards the opposite "
       "knee as the other leg straightens, then switch in a pedalling motion.",
       "Rotate through your trunk rather than yanking on your neck.",
       "bicycles, bicycle"),
    _x("reverse-crunch", "Reverse crunch", COR, "abs", "hip_flexors", "bodyweight", BEG, ISO, R,
       "Lie on your back with your knees bent above your hips. Curl your pelvis to lift your hips off the floor, "
       "then lower them slowly.",
       "Move by rolling your pelvis, not by swinging your legs.",
       "hip raise"),
    _x("sit-up", "Sit-up", COR, "abs", "hip_flexors", "bodyweight", BEG, ISO, R,
       "Lie on your back with knees bent and feet flat. Sit all the way up until your chest is near your thighs "
       "and roll back down with control.",
       "Keep your feet down without anchoring them if your back is sensitive.",
       "situp, sit up"),
    _x("v-up", "V-up", COR, "abs", "hip_flexors", "bodyweight", INT, ISO, R,
       "Lie flat with your arms overhead. Raise your straight legs and upper body together to meet in a V, then "
       "lower both slowly.",
       "Bend your knees (tuck-ups) if you cannot keep control on the way down.",
       "v-sit up, jackknife"),
    _x("russian-twist", "Russian twist", COR, "obliques", "abs hip_flexors", "medicine_ball", BEG, ISO, R,
       "Sit leaning back with knees bent, holding a medicine ball at your chest. Turn your shoulders to bring the "
       "ball beside one hip, then the other.",
       "Rotate from the upper back; keep your feet on the floor if your back rounds.",
       "seated twist"),
    _x("hanging-knee-raise", "Hanging knee raise", COR, "abs hip_flexors", "forearms", "pull_up_bar", BEG, ISO, R,
       "Hang from a bar with straight arms. Draw your knees up towards your chest, curling your pelvis, then lower "
       "them without swinging.",
       "Pause at the bottom to kill the swing before the next rep.",
       "knee raise, hanging knee tuck"),
    _x("hanging-leg-raise", "Hanging leg raise", COR, "abs hip_flexors", "forearms obliques", "pull_up_bar",
       ADV, ISO, R,
       "Hang from a bar and raise your straight legs until they are at least level with your hips. Lower them "
       "slowly.",
       "Avoid using momentum; bend your knees if you start to swing.",
       "leg raise, straight leg raise"),
    _x("toes-to-bar", "Toes to bar", COR, "abs hip_flexors", "lats forearms", "pull_up_bar", ADV, CMP, R,
       "Hang from a bar, pull your shoulders down and lift your feet until your toes touch the bar between your "
       "hands. Lower under control.",
       "Build up with hanging leg raises; chalk your hands to protect your grip.",
       "T2B"),
    _x("ab-wheel-rollout", "Ab wheel rollout", COR, "abs", "lats front_delts hip_flexors", "ab_wheel", INT, ISO, R,
       "Kneel holding the ab wheel under your shoulders. Roll it forward as far as you can without your lower back "
       "sagging, then pull it back to your knees.",
       "Roll out only as far as you can return from; practise towards a wall to limit the range.",
       "rollout, ab roller"),
    _x("stability-ball-rollout", "Stability ball rollout", COR, "abs", "lats front_delts", "stability_ball",
       BEG, ISO, R,
       "Kneel with your forearms on a stability ball. Roll it forward as your body lengthens, keeping a straight "
       "line from knees to head, then roll it back.",
       "Stop before your lower back arches; a bigger ball makes it easier.",
       "ball rollout, swiss ball rollout"),
    _x("cable-crunch", "Kneeling cable crunch", COR, "abs", "obliques", "cable", BEG, ISO, LR,
       "Kneel facing a high pulley with a rope held beside your head. Curl your ribs down towards your hips and "
       "return slowly.",
       "Keep your hips still; the movement is the spine flexing, not sitting back.",
       "cable crunch, rope crunch"),
    _x("pallof-press", "Pallof press", COR, "obliques abs", "glutes", "cable band", BEG, ISO, LR,
       "Stand side-on to a cable or band at chest height and hold the handle at your chest. Press it straight out "
       "in front of you, resisting the pull to turn, then bring it back.",
       "Stand tall with feet hip width and keep your hips and shoulders facing forward.",
       "anti-rotation press"),
    _x("cable-woodchop", "Cable woodchop", COR, "obliques", "abs front_delts", "cable", INT, CMP, LR,
       "Stand side-on to a high cable and hold the handle with both hands. Pull it diagonally down across your "
       "body to the opposite hip, turning through your trunk and pivoting your back foot.",
       "Let your hips turn with you rather than twisting only at the lower back.",
       "woodchop, wood chop, high-to-low chop"),
    _x("landmine-rotation", "Landmine rotation", COR, "obliques", "abs front_delts", "landmine barbell",
       INT, CMP, R,
       "Hold the end of a landmine bar at arm's length in front of your face. Swing it in an arc down to one hip "
       "and back over to the other, turning your feet and hips with it.",
       "Keep your arms long and start with just the empty bar.",
       "landmine 180, rainbow"),
    _x("l-sit", "L-sit", COR, "abs hip_flexors", "triceps quads", "dip_bars", ADV, ISO, T,
       "Support yourself on dip bars or parallettes with straight arms. Lift your straight legs until they are "
       "level with your hips and hold.",
       "Tuck your knees to start, and push your shoulders down away from your ears.",
       "L sit"),
    _x("mountain-climber", "Mountain climber", COR, "abs", "hip_flexors front_delts quads", "bodyweight",
       BEG, CMP, T,
       "Start in a high plank. Drive one knee towards your chest, then switch legs quickly as if running in place.",
       "Keep your hips level with your shoulders and your hands under your shoulders.",
       "mountain climbers, climbers"),
    _x("suitcase-carry", "Suitcase carry", COR, "obliques", "forearms traps abs", "kettlebell dumbbell",
       BEG, CMP, DT,
       "Pick up one heavy weight in one hand and stand tall. Walk the target distance without leaning towards or "
       "away from the weight, then switch hands.",
       "Lift and set down the weight with a flat back, as for a deadlift.",
       "one-arm carry, single-arm farmer's carry"),
    # --- plyometrics ---
    _x("box-jump", "Box jump", PLY, "quads glutes", "calves hamstrings", "box", INT, CMP, R,
       "Stand facing a sturdy box. Swing your arms and jump onto it, landing softly in a partial squat, then stand "
       "and step back down.",
       "Step down rather than jumping down, and choose a box you clear easily.",
       "box jumps"),
    _x("squat-jump", "Squat jump", PLY, "quads glutes", "calves", "bodyweight", BEG, CMP, R,
       "Squat down to about half depth and jump as high as you can. Land softly with bent knees and go straight "
       "into the next rep.",
       "Land quietly on the balls of your feet, with your knees in line with your toes.",
       "jump squat"),
    _x("broad-jump", "Broad jump", PLY, "glutes quads", "hamstrings calves", "bodyweight", INT, CMP, R,
       "Stand with feet hip width, swing your arms back and jump forward as far as you can. Stick the landing in "
       "a half squat before resetting.",
       "Land with both feet together and knees soft; reset fully between jumps.",
       "standing long jump"),
    _x("lateral-bound", "Lateral bound", PLY, "glutes abductors", "quads calves adductors", "bodyweight",
       INT, CMP, R,
       "Stand on one leg and leap sideways to land on the other foot. Hold the landing briefly, then bound back.",
       "Start with short bounds and stick each landing before adding distance.",
       "skater jump, skater, skaters"),
    _x("tuck-jump", "Tuck jump", PLY, "quads glutes", "abs hip_flexors calves", "bodyweight", INT, CMP, R,
       "Jump straight up and pull your knees towards your chest at the top. Land softly and repeat.",
       "Land on the balls of your feet with bent knees; stop when your landings get loud.",
       "knee tuck jump"),
    _x("jumping-lunge", "Jumping lunge", PLY, "quads glutes", "hamstrings calves", "bodyweight", INT, CMP, R,
       "Start in a lunge. Jump up and switch legs in the air to land in a lunge on the other side.",
       "Keep your torso upright and land softly; slow down if your front knee drifts inwards.",
       "split jump, lunge jump"),
    _x("depth-jump", "Depth jump", PLY, "quads glutes calves", "hamstrings", "box", ADV, CMP, R,
       "Step off a low box and land on both feet. Spend as little time on the ground as you can and jump straight "
       "up as high as possible.",
       "Use a low box (30 cm or less) and keep contact with the ground as short as possible; few reps.",
       "drop jump"),
    _x("medicine-ball-slam", "Medicine ball slam", PLY, "abs lats", "front_delts full_body", "medicine_ball",
       BEG, CMP, R,
       "Lift a slam ball overhead, rising onto your toes. Slam it into the floor in front of you as hard as you "
       "can, bending your hips and knees, then pick it up and repeat.",
       "Use a dead-bounce slam ball and keep your face away from the rebound.",
       "ball slam, slam ball"),
    _x("medicine-ball-chest-pass", "Medicine ball chest pass", PLY, "chest triceps", "front_delts abs",
       "medicine_ball", BEG, CMP, R,
       "Stand facing a solid wall holding a medicine ball at your chest. Throw it explosively against the wall and "
       "catch the rebound with soft arms.",
       "Stand close enough to catch the ball comfortably at chest height.",
       "chest pass, med ball pass"),
    _x("medicine-ball-rotational-throw", "Medicine ball rotational throw", PLY, "obliques", "abs glutes front_delts",
       "medicine_ball", INT, CMP, R,
       "Stand side-on to a wall holding a medicine ball at your hip. Turn away, then rotate powerfully through your "
       "hips and throw the ball into the wall, catching the rebound.",
       "Pivot the back foot and let the hips lead the throw.",
       "rotational med ball throw, scoop toss"),
    _x("wall-ball", "Wall ball", PLY, "quads front_delts", "glutes triceps abs", "medicine_ball", INT, CMP, R,
       "Hold a medicine ball at your chest and squat facing a wall. Drive out of the squat and throw the ball to a "
       "target high on the wall, catching it on the way down into the next squat.",
       "Catch with your elbows under the ball and keep your chest up.",
       "wall ball shot, wallball"),
    # --- cardio ---
    _x("rowing-machine", "Rowing machine", CAR, "full_body", "upper_back quads hamstrings", "rower", BEG, CMP, DT,
       "Strap your feet in and take the handle with straight arms. Push with your legs, then lean back slightly and "
       "pull the handle to your lower ribs; return arms, body, then legs.",
       "Drive mostly with the legs and keep your back long rather than hunched.",
       "rower, erg, indoor row, row"),
    _x("stationary-bike", "Stationary bike", CAR, "quads", "glutes hamstrings calves", "bike", BEG, CMP, DT,
       "Set the saddle so your knee is almost straight at the bottom of the pedal stroke. Ride at the prescribed "
       "effort, distance or time.",
       "Adjust the seat height before riding; a low saddle strains the knees.",
       "exercise bike, spin bike, cycling, bike"),
    _x("air-bike", "Air bike", CAR, "full_body", "quads front_delts", "bike", BEG, CMP, DT,
       "Ride a fan bike pushing and pulling the handles as you pedal. The harder you work, the more the fan "
       "resists.",
       "Build up gradually on sprint intervals; they are harder than they look.",
       "assault bike, fan bike, echo bike"),
    _x("treadmill-run", "Treadmill run", CAR, "quads hamstrings calves", "glutes", "treadmill", BEG, CMP, DT,
       "Start the belt at a walk, then build to the planned running pace. Run tall with relaxed shoulders and a "
       "short, quick stride.",
       "Clip the safety key to your clothing and stand on the side rails before stopping the belt.",
       "running, treadmill, jog, jogging"),
    _x("incline-treadmill-walk", "Incline treadmill walk", CAR, "glutes calves", "hamstrings quads", "treadmill",
       BEG, CMP, DT,
       "Set the treadmill to a steep incline and a brisk walking pace. Walk upright without holding the handrails "
       "for the target time.",
       "Lower the incline if you need to hold on; holding the rails cancels much of the work.",
       "incline walk, hill walk"),
    _x("outdoor-run", "Outdoor run", CAR, "quads hamstrings calves", "glutes", "bodyweight", BEG, CMP, DT,
       "Start with a few minutes of easy jogging to warm up. Then run at the planned pace for the planned distance "
       "and finish with an easy walk.",
       "Wear visible clothing near roads and increase weekly distance gradually.",
       "running, run, jog, road run"),
    _x("shuttle-run", "Shuttle run", CAR, "quads hamstrings", "calves glutes", "bodyweight", INT, CMP, DT,
       "Sprint between two lines a set distance apart, touching the line and turning each time, for the target "
       "number of lengths. Rest fully between sets if speed is the goal.",
       "Lower your hips as you turn and run on a surface with good grip.",
       "suicides, sprint shuttle, line drill"),
    _x("ski-erg", "Ski erg", CAR, "lats triceps", "abs full_body", "ski_erg", BEG, CMP, DT,
       "Stand facing the machine holding both handles overhead. Pull them down in a long arc while hinging at the "
       "hips, then stand tall and reach up again.",
       "The power comes from your body weight falling into the pull; keep your back flat.",
       "skierg, ski machine"),
    _x("stair-climber", "Stair climber", CAR, "glutes quads", "calves hamstrings", "stair_climber", BEG, CMP, T,
       "Step onto the moving stairs and climb at the planned speed with an upright posture. Hold the rails lightly "
       "for balance only.",
       "Start slowly and step onto the full tread to avoid catching a toe.",
       "stepmill, stairmaster, stairs"),
    _x("elliptical-trainer", "Elliptical trainer", CAR, "quads glutes", "hamstrings calves", "elliptical",
       BEG, CMP, T,
       "Step onto the pedals and hold the moving handles. Glide in a smooth stride at the planned effort, pushing "
       "and pulling with your arms as your legs move.",
       "A good low-impact option; keep your whole foot on the pedal.",
       "cross trainer, elliptical"),
    _x("jump-rope", "Jump rope", CAR, "calves", "quads front_delts forearms", "jump_rope", BEG, CMP, T,
       "Hold the handles at hip height and turn the rope with your wrists. Hop just high enough to clear it, landing "
       "lightly on the balls of your feet.",
       "Size the rope so the handles reach your armpits when you stand on its middle.",
       "skipping, skipping rope, jump roping"),
    _x("battle-rope-waves", "Battle rope waves", CAR, "front_delts", "abs forearms full_body", "battle_ropes",
       BEG, CMP, T,
       "Hold one rope end in each hand in a half squat. Whip your arms up and down quickly to send waves down the "
       "ropes for the target time.",
       "Keep a soft bend in your knees and a braced trunk.",
       "battle ropes, rope waves"),
    _x("jumping-jack", "Jumping jack", CAR, "full_body", "calves side_delts", "bodyweight", BEG, CMP, R,
       "Stand tall with your arms by your sides. Jump your feet apart while raising your arms overhead, then jump "
       "them together as your arms come down.",
       "Step side to side instead of jumping for a lower-impact version.",
       "star jump, jumping jacks"),
    _x("high-knees", "High knees", CAR, "hip_flexors quads", "calves abs", "bodyweight", BEG, CMP, T,
       "Run on the spot, driving each knee up to hip height. Pump your arms in time with your legs and keep a quick "
       "rhythm for the target time.",
       "Stay on the balls of your feet and keep your torso upright.",
       "knee drives, running in place"),
    # --- mobility ---
    _x("cat-cow", "Cat-cow", MOB, "lower_back upper_back", "abs", "bodyweight", BEG, CMP, R,
       "Kneel on all fours. Breathe in as you let your belly drop and lift your head, then breathe out as you round "
       "your back up towards the ceiling.",
       "Move slowly through a range that feels easy.",
       "cat camel, cat cow"),
    _x("worlds-greatest-stretch", "World's greatest stretch", MOB, "hip_flexors hamstrings", "upper_back adductors",
       "bodyweight", BEG, CMP, R,
       "Step into a deep lunge and place both hands inside your front foot. Rotate and reach one arm to the "
       "ceiling, return it, then straighten your front leg before switching sides.",
       "Keep your back knee off the floor only if that feels stable.",
       "WGS, lunge with rotation"),
    _x("hip-90-90-switch", "90/90 hip switch", MOB, "glutes hip_flexors", "adductors abductors", "bodyweight",
       BEG, CMP, R,
       "Sit with both knees bent to 90 degrees, one leg in front and one to the side. Rotate your knees over to the "
       "other side without using your hands, if you can.",
       "Lean back on your hands to start; move slowly and avoid forcing the knees.",
       "90 90, hip switch, windshield wipers"),
    _x("open-book-rotation", "Open book rotation", MOB, "upper_back", "chest obliques", "bodyweight", BEG, ISO, R,
       "Lie on your side with knees bent and arms together in front. Open the top arm across to the other side "
       "while your knees stay stacked, then close it again.",
       "Follow your hand with your eyes and let the arm rest where it reaches.",
       "open book, thoracic rotation, T-spine rotation"),
    _x("knee-to-wall-ankle-mobilisation", "Knee-to-wall ankle mobilisation", MOB, "calves", "", "bodyweight",
       BEG, ISO, R,
       "Stand facing a wall with one foot a short distance from it. Bend your knee to touch the wall while the heel "
       "stays down, then move the foot back as your range improves.",
       "Keep your knee tracking over your middle toes.",
       "ankle mobility, ankle rock, dorsiflexion drill"),
    _x("band-shoulder-pass-through", "Band shoulder pass-through", MOB, "front_delts chest", "rear_delts",
       "band", BEG, ISO, R,
       "Hold a long band with a wide grip in front of your hips. Lift it overhead and behind you with straight arms, "
       "then bring it back to the front.",
       "Widen your grip if you need to bend your elbows or arch your back.",
       "shoulder dislocate, pass-through, dislocates"),
    _x("wall-slide", "Wall slide", MOB, "upper_back", "side_delts traps", "bodyweight", BEG, ISO, R,
       "Stand with your back and forearms against a wall, elbows bent. Slide your arms up the wall as far as you "
       "can while they stay in contact, then slide down.",
       "Keep your lower back touching the wall; stop higher if it lifts.",
       "wall angel"),
    _x("inchworm", "Inchworm", MOB, "hamstrings", "abs front_delts", "bodyweight", BEG, CMP, R,
       "Stand, fold forward and put your hands on the floor. Walk them out to a plank, then walk your feet towards "
       "your hands and stand up.",
       "Bend your knees as much as you need to reach the floor.",
       "walkout, walk-out"),
    _x("leg-swing", "Leg swing", MOB, "hip_flexors hamstrings", "adductors abductors", "bodyweight", BEG, ISO, R,
       "Hold a wall for balance and swing one leg forward and back, gradually increasing the range. Repeat side to "
       "side with the leg crossing in front of you.",
       "Let the swing grow gently; do not kick to force the range.",
       "leg swings, dynamic leg swing"),
    _x("deep-squat-hold", "Deep squat hold", MOB, "adductors", "quads glutes calves", "bodyweight", BEG, CMP, T,
       "Squat as deep as you comfortably can with your heels down. Hold the position, gently pushing your knees "
       "out with your elbows and breathing slowly.",
       "Hold a post or counterweight if you tip backwards.",
       "squat hold, resting squat, deep squat"),
    _x("kettlebell-halo", "Kettlebell halo", MOB, "front_delts side_delts", "upper_back triceps abs", "kettlebell",
       BEG, CMP, R,
       "Hold a light kettlebell upside down by the horns at your chest. Circle it around your head, close to your "
       "neck, then reverse the direction.",
       "Keep your ribs down and go light: this is for moving well, not heavy work.",
       "halo"),
    _x("thoracic-foam-roll", "Thoracic spine foam roll", MOB, "upper_back", "", "foam_roller", BEG, ISO, T,
       "Lie with a foam roller across your upper back and your hands supporting your head. Roll slowly between your "
       "shoulder blades and pause on stiff spots.",
       "Stay off the lower back and the neck.",
       "upper back roll, T-spine roll"),
    _x("quad-foam-roll", "Quad foam roll", MOB, "quads", "hip_flexors", "foam_roller", BEG, ISO, T,
       "Lie face down with a foam roller under your thighs. Roll slowly from just above the knees to the hips, "
       "pausing on tender spots.",
       "Avoid rolling directly over the kneecap.",
       "quad roll, thigh foam roll"),
    _x("glute-foam-roll", "Glute foam roll", MOB, "glutes", "abductors", "foam_roller", BEG, ISO, T,
       "Sit on a foam roller with one ankle crossed over the other knee. Lean towards the crossed side and roll "
       "slowly over the buttock.",
       "Keep the pressure tolerable; you should be able to breathe normally.",
       "glute roll, piriformis roll"),
    # --- stretching ---
    _x("standing-quad-stretch", "Standing quad stretch", STE, "quads", "hip_flexors", "bodyweight", BEG, ISO, T,
       "Stand on one leg, hold your other ankle behind you and draw the heel towards your glutes. Keep your knees "
       "together and hold.",
       "Hold a wall for balance and avoid arching your lower back.",
       "quad stretch"),
    _x("seated-hamstring-stretch", "Seated hamstring stretch", STE, "hamstrings", "calves lower_back", "bodyweight",
       BEG, ISO, T,
       "Sit with one leg straight and the other foot against your inner thigh. Hinge forward from the hips towards "
       "the straight leg and hold.",
       "Reach with a long back instead of rounding to get further.",
       "hamstring stretch, sit and reach"),
    _x("kneeling-hip-flexor-stretch", "Kneeling hip flexor stretch", STE, "hip_flexors", "quads", "bodyweight",
       BEG, ISO, T,
       "Kneel on one knee with the other foot in front. Tuck your pelvis under and shift forward until you feel a "
       "stretch at the front of the back hip.",
       "Put a cushion under the knee and keep your torso upright.",
       "hip flexor stretch, half-kneeling stretch"),
    _x("couch-stretch", "Couch stretch", STE, "hip_flexors quads", "", "bench", INT, ISO, T,
       "Kneel with your back shin resting up against a bench or wall and your other foot forward. Lift your chest "
       "upright and squeeze the glute of the back leg.",
       "Pad the knee well and back off if you feel it in the knee rather than the thigh.",
       "rectus femoris stretch"),
    _x("pigeon-stretch", "Pigeon stretch", STE, "glutes", "hip_flexors abductors", "bodyweight", INT, ISO, T,
       "From all fours, bring one knee forward behind your wrist with the shin angled across. Slide the back leg "
       "long and lower your chest towards the floor.",
       "Use a cushion under the front hip and ease off if the front knee hurts.",
       "pigeon pose"),
    _x("figure-four-stretch", "Figure-four stretch", STE, "glutes", "abductors", "bodyweight", BEG, ISO, T,
       "Lie on your back and cross one ankle over the opposite knee. Pull the lower leg towards your chest until "
       "you feel a stretch in the crossed hip.",
       "Keep your head and shoulders relaxed on the floor.",
       "supine piriformis stretch, figure 4"),
    _x("butterfly-stretch", "Butterfly stretch", STE, "adductors", "hip_flexors", "bodyweight", BEG, ISO, T,
       "Sit with the soles of your feet together and your knees falling outwards. Hold your feet and lean forward "
       "gently from the hips.",
       "Never push your knees down with your hands or elbows.",
       "butterfly, seated groin stretch"),
    _x("childs-pose", "Child's pose", STE, "lower_back lats", "glutes", "bodyweight", BEG, ISO, T,
       "Kneel, sit your hips back towards your heels and reach your arms forward on the floor. Let your chest sink "
       "and breathe slowly.",
       "Widen your knees if your hips or belly feel cramped.",
       "childs pose, child pose, balasana"),
    _x("cobra-stretch", "Cobra stretch", STE, "abs", "hip_flexors lower_back", "bodyweight", BEG, ISO, T,
       "Lie face down with your hands under your shoulders. Press up gently to lift your chest while your hips stay "
       "on the floor, and hold.",
       "Keep it gentle and stop if you feel a pinch in your lower back.",
       "cobra pose, prone press-up"),
    _x("downward-dog", "Downward dog", STE, "hamstrings calves", "lats front_delts", "bodyweight", BEG, ISO, T,
       "From all fours, lift your hips up and back into an upside-down V with your arms and back long. Press your "
       "heels towards the floor and hold.",
       "Bend your knees as needed to keep a straight back.",
       "downward-facing dog, down dog"),
    _x("doorway-chest-stretch", "Doorway chest stretch", STE, "chest", "front_delts", "bodyweight", BEG, ISO, T,
       "Place your forearm on a door frame with the elbow at shoulder height. Step through gently until you feel "
       "a stretch across your chest and hold.",
       "Keep the stretch mild; tingling in the hand means ease off.",
       "pec stretch, door stretch"),
    _x("cross-body-shoulder-stretch", "Cross-body shoulder stretch", STE, "rear_delts", "upper_back", "bodyweight",
       BEG, ISO, T,
       "Bring one arm across your chest and hold it above the elbow with the other hand. Draw it closer until you "
       "feel the back of the shoulder stretch.",
       "Keep the stretched shoulder down, away from your ear.",
       "shoulder stretch, posterior shoulder stretch"),
    _x("overhead-triceps-stretch", "Overhead triceps stretch", STE, "triceps", "lats", "bodyweight", BEG, ISO, T,
       "Raise one arm, bend the elbow and let your hand drop behind your head. Use the other hand to ease the "
       "elbow back and hold.",
       "Stand tall without arching your lower back.",
       "triceps stretch, tricep stretch"),
    _x("kneeling-lat-stretch", "Kneeling lat stretch", STE, "lats", "triceps", "bench", BEG, ISO, T,
       "Kneel facing a bench and rest your elbows on it with your palms together. Sit your hips back and let your "
       "chest sink towards the floor.",
       "Keep your neck relaxed and breathe into the sides of your ribs.",
       "lat stretch, bench lat stretch"),
    _x("wall-calf-stretch", "Wall calf stretch", STE, "calves", "", "bodyweight", BEG, ISO, T,
       "Stand facing a wall with your hands on it and one foot stepped back. Keep the back heel down and lean in "
       "until you feel the calf stretch; bend the back knee to reach the lower calf.",
       "Point both feet straight ahead and ease in slowly.",
       "calf stretch"),
    _x("neck-side-stretch", "Neck side stretch", STE, "neck", "traps", "bodyweight", BEG, ISO, T,
       "Sit or stand tall and tilt one ear towards your shoulder. Rest the hand on that side lightly on your head "
       "to deepen the stretch and hold.",
       "Never pull hard on your head; stop if you feel tingling or dizziness.",
       "upper trap stretch, neck stretch"),
    _x("chin-tuck", "Chin tuck", MOB, "neck", "upper_back", "bodyweight", BEG, ISO, R,
       "Sit or stand tall and glide your chin straight back to make a double chin. Hold for a moment and release.",
       "Keep your eyes level; it is a small movement, not a nod.",
       "neck retraction, cervical retraction"),
)


# --- sync ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class SyncResult:
    created: int
    updated: int
    archived: int
    unchanged: int

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.archived)

    def __str__(self) -> str:
        return (f"exercise library: {self.created} added, {self.updated} updated, {self.archived} retired, "
                f"{self.unchanged} unchanged")


def sync_builtin_library(session: Session, *, actor: Actor | None = None,
                         library: tuple[BuiltinExercise, ...] = LIBRARY) -> SyncResult:
    """Upsert the built-in exercises by slug; idempotent (a second run changes nothing)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _SYNC_LOCK_KEY})
    existing = {row.slug: row for row in session.scalars(select(Exercise).where(Exercise.is_builtin.is_(True)))}
    now = utcnow()
    created = updated = archived = 0
    for entry in library:
        row = existing.pop(entry.slug, None)
        if row is None:
            session.add(Exercise(slug=entry.slug, is_builtin=True, created_by_id=None, archived_at=None,
                                 **entry.columns()))
            created += 1
            continue
        changed = False
        for column, value in entry.columns().items():
            if getattr(row, column) != value:  # assign only real changes, so updated_at stays put
                setattr(row, column, value)
                changed = True
        if row.archived_at is not None:  # shipped again after a release had retired it
            row.archived_at, changed = None, True
        if changed:
            row.updated_at = now
            updated += 1
    for row in existing.values():  # no longer shipped: retire, never delete (logs may refer to it)
        if row.archived_at is None:
            row.archived_at = now
            row.updated_at = now
            archived += 1
    result = SyncResult(created=created, updated=updated, archived=archived,
                        unchanged=len(library) - created - updated)
    session.flush()
    if result.changed:
        audit.record(session, actor or Actor.system("exercise-library"), "exercise.library_sync", "exercise", None,
                     {"created": created, "updated": updated, "archived": archived})
    return result

