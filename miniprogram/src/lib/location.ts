/** The phone's position outdoors (wx.getLocation), for stores near me and a delivery's address. */
export function phoneLocation(refusal: string): Promise<{ latitude: number; longitude: number }> {
  return new Promise((resolve, reject) =>
    wx.getLocation({ type: 'gcj02', success: resolve, fail: () => reject(new Error(refusal)) }),
  );
}
