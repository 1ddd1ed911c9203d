import { IntroductionStatus } from './introduction';
import { listedStatuses } from './introductions.service';

const { Requested, Proposed, Accepted, Introduced, MeetingPlanned, Concluded, Declined, Withdrawn, Expired } = IntroductionStatus;

describe('listedStatuses', () => {
  it('lists everything without a filter', () => {
    expect(listedStatuses('employer')).toBeNull();
  });

  it('reads "to answer" from the viewer’s side', () => {
    expect(listedStatuses('employer', undefined, 'to_answer')).toEqual([Proposed]);
    expect(listedStatuses('partner', undefined, 'to_answer')).toEqual([Requested, Accepted, Introduced, MeetingPlanned]);
  });

  it('splits open and closed introductions', () => {
    expect(listedStatuses('partner', undefined, 'open')).toEqual([Requested, Proposed, Accepted, Introduced, MeetingPlanned]);
    expect(listedStatuses('employer', undefined, 'closed')).toEqual([Concluded, Declined, Withdrawn, Expired]);
  });

  it('intersects a status with a stage (possibly to nothing)', () => {
    expect(listedStatuses('partner', Requested)).toEqual([Requested]);
    expect(listedStatuses('partner', Requested, 'open')).toEqual([Requested]);
    expect(listedStatuses('employer', Requested, 'to_answer')).toEqual([]);
  });
});
