import enGbLocale from '@fullcalendar/core/locales/en-gb';
import type { DatesSetArg, DayHeaderMountArg, EventClickArg, EventDropArg, EventInput, EventMountArg } from '@fullcalendar/core';
import dayGridPlugin from '@fullcalendar/daygrid';
import interactionPlugin, { type DateClickArg } from '@fullcalendar/interaction';
import listPlugin from '@fullcalendar/list';
import luxonPlugin from '@fullcalendar/luxon3';
import FullCalendar from '@fullcalendar/react';
import timeGridPlugin from '@fullcalendar/timegrid';
import { useEffect, useRef } from 'react';

const PLUGINS = [dayGridPlugin, timeGridPlugin, listPlugin, interactionPlugin, luxonPlugin];
const NARROW_TOOLBAR = { left: 'prev,next', center: 'title', right: 'timeGridDay,listWeek' };
const WIDE_TOOLBAR = { left: 'prev,next today', center: 'title', right: 'dayGridMonth,timeGridWeek,timeGridDay,listWeek' };
const BUTTON_TEXT = { today: 'Today', month: 'Month', week: 'Week', day: 'Day', list: 'List' };
const TIME_FORMAT = { hour: '2-digit', minute: '2-digit', hour12: false } as const;

// FullCalendar draws events and day headings as <a> without href (navigation links are off). An event opens the
// drawer: it is a button. A day heading's text is a label, not a link: presentation only.
function markEventAsButton({ el }: EventMountArg) {
  const link = el.tagName === 'A' ? el : el.querySelector('a:not([href])');
  if (link && !link.hasAttribute('href')) link.setAttribute('role', 'button');
}
function markDayHeadingAsText({ el }: DayHeaderMountArg) {
  el.querySelectorAll('a:not([href]):not([id])').forEach((a) => a.setAttribute('role', 'presentation'));
}

/**
 * FullCalendar with its plugins: the heaviest code of the web app (~90 KB gzip), so it is a chunk of its own that
 * CalendarPage loads while it draws the rest of the page and asks for the week's events.
 */
export default function CalendarGrid({
  timeZone,
  narrow,
  events,
  onDatesSet,
  onEventClick,
  onDateClick,
  onEventDrop,
}: {
  timeZone: string;
  narrow: boolean;
  events: EventInput[];
  onDatesSet: (arg: DatesSetArg) => void;
  onEventClick: (arg: EventClickArg) => void;
  onDateClick: (arg: DateClickArg) => void;
  onEventDrop: (arg: EventDropArg) => void;
}) {
  const calendarRef = useRef<FullCalendar>(null);
  useEffect(() => {
    calendarRef.current?.getApi().changeView(narrow ? 'listWeek' : 'timeGridWeek');
  }, [narrow]);

  return (
    <FullCalendar
      ref={calendarRef}
      plugins={PLUGINS}
      timeZone={timeZone}
      locale={enGbLocale}
      initialView={narrow ? 'listWeek' : 'timeGridWeek'}
      headerToolbar={narrow ? NARROW_TOOLBAR : WIDE_TOOLBAR}
      buttonText={BUTTON_TEXT}
      firstDay={1}
      height="auto"
      slotMinTime="06:00:00"
      slotMaxTime="22:00:00"
      scrollTime="07:00:00"
      nowIndicator
      allDaySlot={false}
      eventTimeFormat={TIME_FORMAT}
      slotLabelFormat={TIME_FORMAT}
      events={events}
      eventInteractive
      editable
      eventDurationEditable={false}
      selectable={!narrow}
      datesSet={onDatesSet}
      eventClick={onEventClick}
      dateClick={onDateClick}
      eventDrop={onEventDrop}
      noEventsContent="Nothing booked in this period."
      eventDidMount={markEventAsButton}
      dayHeaderDidMount={markDayHeadingAsText}
    />
  );
}
