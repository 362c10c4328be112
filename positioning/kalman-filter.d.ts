/** The part of the untyped `kalman-filter` package (CommonJS) that kalman.ts uses. */
declare module 'kalman-filter' {
  type Matrix = number[][];
  interface StateInit {
    mean: Matrix;
    covariance: Matrix;
    index?: number;
  }
  class State {
    constructor(init: StateInit);
    mean: Matrix;
    covariance: Matrix;
  }
  interface StepOptions {
    previousCorrected?: State;
    predicted?: State;
    observation?: number[];
    [key: string]: unknown;
  }
  class KalmanFilter {
    constructor(options: unknown);
    predict(options: StepOptions): State;
    correct(options: StepOptions): State;
  }
  const kalmanFilter: { KalmanFilter: typeof KalmanFilter; State: typeof State };
  export default kalmanFilter;
}
